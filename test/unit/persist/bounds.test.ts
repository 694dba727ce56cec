// A save or a link with a time past the sandbox clock's range (it used to freeze the screen on every
// reload) or with more actions than the sandbox opens: refused with the reason, the save kept aside.
import { describe, expect, it } from 'vitest';
import { AUTOSAVE_FORMAT, autosaveKey, createAutosave } from '../../../src/persist/autosave.ts';
import { decodeShareLink, encodeShareLink } from '../../../src/persist/link.ts';
import { importScenarioFile } from '../../../src/persist/file.ts';
import { MAX_SCENARIO_ACTIONS } from '../../../src/sim/index.ts';
import { MemoryStorage } from './fixtures.ts';


const farStart = { format: 'managed-identity-sandbox/scenario', version: 1, seed: 's', start: 8.64e12 + 1, actions: [{ type: 'resourceGroup.create', name: 'rg' }] };

describe('bounds in saves, links and files', () => {
  it('a save whose start is past 9999 is moved aside as invalid, with the reason, instead of freezing every reload', () => {
    const storage = new MemoryStorage();
    const text = JSON.stringify({ format: AUTOSAVE_FORMAT, version: 1, savedAt: '2026-11-26T10:00:00.000Z', base: 0, cursor: 1, scenario: farStart });
    storage.setItem(autosaveKey(), text);
    const result = createAutosave({ storage }).load();
    expect(result).toMatchObject({ status: 'unreadable', reason: 'invalid', message: expect.stringMatching(/start: the start must be at most 253402300799/) });
    if (result.status !== 'unreadable') return;
    expect(storage.getItem(result.backupKey!)).toBe(text);
    expect(storage.getItem(autosaveKey())).toBeNull();
  });

  it('a link with such a start is refused with the scenario problem', async () => {
    const link = await encodeShareLink({ scenario: farStart as never, base: 0, cursor: 1 });
    if (!link.ok) throw new Error(link.message);
    expect(await decodeShareLink(link.value)).toMatchObject({ ok: false, reason: 'invalid', message: expect.stringMatching(/start: the start must be at most/) });
  });

  it(`a file of more than ${MAX_SCENARIO_ACTIONS.toLocaleString('en-US')} actions is refused in words`, () => {
    const actions = Array.from({ length: MAX_SCENARIO_ACTIONS + 1 }, () => ({ type: 'clock.advance', seconds: 1 }));
    const r = importScenarioFile(JSON.stringify({ version: 1, seed: 's', actions }), 'huge.json');
    expect(r).toMatchObject({ ok: false, problem: expect.stringMatching(/^huge\.json: not a valid scenario: actions: a scenario holds at most 20,000 actions/) });
  });
});
