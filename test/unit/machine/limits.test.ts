// Large scenarios and refused actions in the sandbox actor: loads report what they left out, long
// histories fold their oldest steps into the start (bounded memory) without changing what is saved.
import { describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import { UNDO_LIMIT, currentScenario, sandboxMachine, type SandboxInput } from '../../../src/machine/sandbox.ts';
import { savedFrom } from '../../../src/persist/index.ts';
import { replay, type Action, type Scenario } from '../../../src/sim/index.ts';

async function started(input: SandboxInput = {}) {
  const actor = createActor(sandboxMachine, { input }).start();
  await waitFor(actor, (s) => s.matches('idle'));
  return actor;
}

const groups = (n: number, from = 0): Action[] => Array.from({ length: n }, (_, i) => ({ type: 'resourceGroup.create', name: `rg-${from + i}` }));

describe('loading and long histories', () => {
  it('names the refused actions a loaded scenario had to leave out', async () => {
    const actions: Action[] = [
      { type: 'resourceGroup.create', name: 'rg-1' },
      { type: 'resource.delete', id: '__proto__' },
      { type: 'roleAssignment.delete', id: 'constructor' },
    ];
    const actor = await started();
    actor.send({ type: 'LOAD', scenario: { version: 1, seed: 's', actions }, base: 0 });
    await waitFor(actor, (s) => s.matches('idle'));
    const c = actor.getSnapshot().context;
    expect(c.entries).toHaveLength(1);
    expect(c.loadReport?.dropped.map((d) => [d.index, d.action.type, d.error.code])).toEqual([
      [1, 'resource.delete', 'LinkedInvalidPropertyId'],
      [2, 'roleAssignment.delete', 'RoleAssignmentNotFound'],
    ]);
    expect(c.fault).toBeNull();
  });

  it(`keeps at most ${UNDO_LIMIT} undoable steps; the saved scenario still holds every step as history`, async () => {
    const scenario: Scenario = { version: 1, seed: 'long', actions: groups(UNDO_LIMIT + 50) };
    const actor = await started();
    const progress: number[] = [];
    actor.subscribe((s) => s.context.progress && progress.push(s.context.progress.done));
    actor.send({ type: 'LOAD', scenario, base: 0 });
    await waitFor(actor, (s) => s.matches('idle'));
    let c = actor.getSnapshot().context;
    expect(c.entries).toHaveLength(UNDO_LIMIT);
    expect(c.base).toHaveLength(50);
    expect(c.loadReport?.folded).toBe(50);
    expect(progress.at(-1)).toBe(UNDO_LIMIT + 50);
    const saved = savedFrom(c);
    expect(saved.base).toBe(0);
    expect(saved.cursor).toBe(UNDO_LIMIT + 50);
    expect(saved.scenario.actions).toEqual(scenario.actions);
    // The world is the one a plain replay makes.
    expect(JSON.stringify(c.world)).toBe(JSON.stringify((await replay(scenario)).world));

    // A new step folds one more; undo goes back UNDO_LIMIT steps at most.
    actor.send({ type: 'ACT', action: { type: 'resourceGroup.create', name: 'rg-new' } });
    await waitFor(actor, (s) => s.matches('idle') && s.context.queue.length === 0);
    c = actor.getSnapshot().context;
    expect(c.entries).toHaveLength(UNDO_LIMIT);
    expect(c.base).toHaveLength(51);
    expect(currentScenario(c).actions).toHaveLength(UNDO_LIMIT + 51);
    for (let i = 0; i < UNDO_LIMIT + 5; i++) actor.send({ type: 'UNDO' });
    expect(actor.getSnapshot().context.cursor).toBe(0);
    expect(Object.keys(actor.getSnapshot().context.world.resourceGroups)).toHaveLength(51);

    // Restart goes back to the real start, not to the folded point.
    actor.send({ type: 'RESET' });
    await waitFor(actor, (s) => s.matches('idle'));
    c = actor.getSnapshot().context;
    expect(c.base).toHaveLength(0);
    expect(c.entries).toHaveLength(0);
    expect(Object.keys(c.world.resourceGroups)).toHaveLength(0);
  });

  it('a saved cursor inside a long history is kept: only steps before it are folded, the redo future stays', async () => {
    const scenario: Scenario = { version: 1, seed: 'cur', actions: groups(UNDO_LIMIT + 20) };
    const actor = await started();
    actor.send({ type: 'LOAD', scenario, base: 0, cursor: 10 });
    await waitFor(actor, (s) => s.matches('idle'));
    const c = actor.getSnapshot().context;
    expect(c.base.length + c.cursor).toBe(10);
    expect(c.base.length + c.entries.length).toBe(UNDO_LIMIT + 20);
    expect(Object.keys(c.world.resourceGroups)).toHaveLength(10);
    expect(savedFrom(c).cursor).toBe(10);
  });
});
