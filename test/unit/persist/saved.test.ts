// The saved sandbox: built from the actor's context, turned back into LOAD, checked and migrated.
import { describe, expect, it } from 'vitest';
import { checkSaved, loadEventOf, savedFrom, upgrade } from '../../../src/persist/saved.ts';
import { TYPICAL, fingerprint, loaded, typicalSandbox } from './fixtures.ts';

describe('saved sandbox', () => {
  it('holds the base, the whole history with its redo future, and the cursor', async () => {
    const c = await typicalSandbox();
    const saved = savedFrom(c, new Date('2026-11-26T10:00:00Z'));
    expect(saved).toEqual({
      scenario: { format: 'managed-identity-sandbox/scenario', version: 1, seed: 'typical', title: 'Shop: VM reads a secret', actions: TYPICAL },
      base: 5,
      cursor: 22,
      savedAt: '2026-11-26T10:00:00.000Z',
    });
  });

  it('LOAD rebuilds the same sandbox: every world in the history, byte for byte, and the same cursor', async () => {
    const c = await typicalSandbox();
    const event = loadEventOf(savedFrom(c));
    expect(event).toMatchObject({ type: 'LOAD', base: 5, cursor: 22 });
    expect(fingerprint(await loaded(event))).toBe(fingerprint(c));
  });

  it('refuses counts that do not fit the scenario, naming the field', async () => {
    const { scenario } = savedFrom(await typicalSandbox());
    expect(checkSaved({ scenario, base: 5, cursor: 25 }).ok).toBe(true);
    expect(checkSaved({ scenario, base: 31, cursor: 0 })).toEqual({ ok: false, problem: 'base: 31 is more than the 30 actions' });
    expect(checkSaved({ scenario, base: 5, cursor: 26 })).toEqual({ ok: false, problem: 'cursor: 26 is more than the 25 history actions' });
    expect(checkSaved({ scenario, base: -1, cursor: 0 })).toMatchObject({ ok: false, problem: expect.stringMatching(/^base: /) });
    expect(checkSaved({ scenario, base: 1.5, cursor: 0 })).toMatchObject({ ok: false, problem: expect.stringMatching(/^base: /) });
    expect(checkSaved({ scenario, base: 0 })).toMatchObject({ ok: false, problem: expect.stringMatching(/^cursor: /) });
    expect(checkSaved({ scenario, base: 0, cursor: 0, extra: 1 })).toMatchObject({ ok: false, problem: expect.stringMatching(/extra/) });
    expect(checkSaved({ scenario, base: 0, cursor: 0, savedAt: 'yesterday' })).toMatchObject({ ok: false, problem: expect.stringMatching(/^savedAt: /) });
    expect(checkSaved({ scenario: { ...scenario, actions: [{ type: 'teleport' }] }, base: 0, cursor: 0 })).toMatchObject({ ok: false, problem: expect.stringMatching(/^actions\.0\.type/) });
    expect(checkSaved(null).ok).toBe(false);
  });

  it('upgrades old data one migration at a time, and says when it cannot', () => {
    const migrations = { 1: (d: unknown) => ({ ...(d as object), two: true }), 2: (d: unknown) => ({ ...(d as object), three: true }) };
    expect(upgrade({ one: true }, 1, { to: 3, migrations })).toEqual({ ok: true, data: { one: true, two: true, three: true } });
    expect(upgrade({}, 3, { to: 3, migrations })).toEqual({ ok: true, data: {} });
    expect(upgrade({}, 4, { to: 3, migrations })).toEqual({ ok: false, reason: 'newer' });
    expect(upgrade({}, 0, { to: 3, migrations })).toEqual({ ok: false, reason: 'older' });
    const broken = { 1: () => { throw new Error('unexpected shape'); } };
    expect(upgrade({}, 1, { to: 2, migrations: broken })).toEqual({ ok: false, reason: 'older' });
    expect(upgrade({ same: 1 }, 1)).toEqual({ ok: true, data: { same: 1 } }); // the current version: nothing to do
  });
});
