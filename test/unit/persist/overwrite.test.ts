// Would loading a link, a file or a lesson lose the learner's work?
import { describe, expect, it } from 'vitest';
import { currentScenario } from '../../../src/machine/sandbox.ts';
import { wouldOverwrite } from '../../../src/persist/overwrite.ts';
import { savedFrom } from '../../../src/persist/saved.ts';
import { TYPICAL, act, started, typicalSandbox } from './fixtures.ts';

describe('wouldOverwrite', () => {
  it('no learner actions: nothing to lose', async () => {
    const actor = await started({ scenario: { version: 1, seed: 'lesson', actions: TYPICAL.slice(0, 5) } });
    expect(wouldOverwrite(actor.getSnapshot().context, { version: 1, seed: 'other', actions: [] })).toBe(false);
  });

  it('the same sandbox, or one that goes further from it: nothing lost', async () => {
    const c = await typicalSandbox();
    const { scenario } = savedFrom(c);
    expect(wouldOverwrite(c, scenario)).toBe(false);
    expect(wouldOverwrite(c, { ...scenario, title: 'renamed' })).toBe(false);
    expect(wouldOverwrite(c, { ...scenario, actions: [...scenario.actions, { type: 'clock.advance', seconds: 60 }] })).toBe(false);
    // the same actions written with their keys in another order are the same actions
    const reordered = scenario.actions.map((a) => Object.fromEntries(Object.entries(a).reverse())) as typeof scenario.actions;
    expect(wouldOverwrite(c, { ...scenario, actions: reordered })).toBe(false);
    // and a key set to undefined is a key JSON leaves out
    const undefinedKey = scenario.actions.map((a, i) => (i === 7 ? { ...a, location: undefined } : a)) as typeof scenario.actions;
    expect(wouldOverwrite(c, { ...scenario, actions: undefinedKey })).toBe(false);
  });

  it('anything the incoming scenario does not replay is work that would be lost', async () => {
    const c = await typicalSandbox();
    const { scenario } = savedFrom(c);
    expect(wouldOverwrite(c, currentScenario(c))).toBe(true); // drops the redo future
    expect(wouldOverwrite(c, { ...scenario, actions: scenario.actions.slice(0, -1) })).toBe(true);
    expect(wouldOverwrite(c, { ...scenario, seed: 'other' })).toBe(true);
    expect(wouldOverwrite(c, { ...scenario, start: '2030-01-01T00:00:00Z' })).toBe(true);
    const changed = scenario.actions.map((a, i) => (i === 12 ? { ...a, name: 'worker-2' } : a)) as typeof scenario.actions;
    expect(wouldOverwrite(c, { ...scenario, actions: changed })).toBe(true);
    const extraKey = scenario.actions.map((a, i) => (i === 7 ? { ...a, location: 'westeurope' } : a)) as typeof scenario.actions;
    expect(wouldOverwrite(c, { ...scenario, actions: extraKey })).toBe(true);
  });

  it('a learner who undid everything still has a redo future to lose', async () => {
    const actor = await started();
    await act(actor, { type: 'resourceGroup.create', name: 'rg-a' });
    actor.send({ type: 'UNDO' });
    const c = actor.getSnapshot().context;
    expect(c.cursor).toBe(0);
    expect(wouldOverwrite(c, { version: 1, seed: 'sandbox', actions: [] })).toBe(true);
  });
});
