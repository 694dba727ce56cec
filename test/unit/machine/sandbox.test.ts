// The sandbox actor: history, undo/redo, jumps, queued actions, loading scenarios.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import { currentScenario, sandboxMachine, type SandboxInput } from '../../../src/machine/sandbox.ts';
import { replay, type Action } from '../../../src/sim/index.ts';
import { PRELUDE, actionFor, intentsArb } from '../sim/arbitraries.ts';

const vm = '/resourceGroups/rg-a/providers/Microsoft.Compute/virtualMachines/web-1';

async function started(input: SandboxInput = {}) {
  const actor = createActor(sandboxMachine, { input }).start();
  await waitFor(actor, (s) => s.matches('idle'));
  return actor;
}

async function act(actor: Awaited<ReturnType<typeof started>>, action: Action) {
  actor.send({ type: 'ACT', action });
  await waitFor(actor, (s) => s.matches('idle') && s.context.queue.length === 0);
  return actor.getSnapshot().context;
}

describe('sandbox actor', () => {
  it('applies actions into a history and undoes them back to the exact earlier world', async () => {
    const actor = await started();
    const w0 = actor.getSnapshot().context.world;
    const c1 = await act(actor, { type: 'resourceGroup.create', name: 'rg-a' });
    const c2 = await act(actor, { type: 'resource.create', kind: 'vm', resourceGroup: 'rg-a', name: 'web-1' });
    expect(c2.entries).toHaveLength(2);
    expect(c2.cursor).toBe(2);
    actor.send({ type: 'UNDO' });
    expect(actor.getSnapshot().context.world).toBe(c1.world);
    actor.send({ type: 'UNDO' });
    expect(actor.getSnapshot().context.world).toBe(w0);
    actor.send({ type: 'UNDO' }); // nothing left to undo: ignored
    expect(actor.getSnapshot().context.cursor).toBe(0);
    actor.send({ type: 'REDO' });
    actor.send({ type: 'REDO' });
    expect(actor.getSnapshot().context.world).toBe(c2.world);
    actor.send({ type: 'JUMP', cursor: 1 });
    expect(actor.getSnapshot().context.world).toBe(c1.world);
    actor.send({ type: 'JUMP', cursor: 7 }); // out of range: ignored
    expect(actor.getSnapshot().context.cursor).toBe(1);
  });

  it('a new action after undo drops the redo future', async () => {
    const actor = await started();
    await act(actor, { type: 'resourceGroup.create', name: 'rg-a' });
    await act(actor, { type: 'resourceGroup.create', name: 'rg-b' });
    actor.send({ type: 'UNDO' });
    const c = await act(actor, { type: 'resourceGroup.create', name: 'rg-c' });
    expect(c.entries.map((e) => (e.action as { name: string }).name)).toEqual(['rg-a', 'rg-c']);
    expect(c.cursor).toBe(2);
  });

  it('undoing the action that replaced the redo future brings the replaced steps back', async () => {
    const actor = await started();
    await act(actor, { type: 'resourceGroup.create', name: 'rg-a' });
    await act(actor, { type: 'resourceGroup.create', name: 'rg-b' });
    await act(actor, { type: 'resourceGroup.create', name: 'rg-d' });
    actor.send({ type: 'JUMP', cursor: 1 });
    const c = await act(actor, { type: 'resourceGroup.create', name: 'rg-c' });
    expect(c.entries.at(-1)?.replaced?.map((e) => (e.action as { name: string }).name)).toEqual(['rg-b', 'rg-d']);
    actor.send({ type: 'UNDO' });
    const back = actor.getSnapshot().context;
    expect(back.cursor).toBe(1);
    expect(back.entries.map((e) => (e.action as { name: string }).name)).toEqual(['rg-a', 'rg-b', 'rg-d']);
    actor.send({ type: 'REDO' });
    actor.send({ type: 'REDO' });
    expect(Object.values(actor.getSnapshot().context.world.resourceGroups).map((g) => g.name).sort()).toEqual(['rg-a', 'rg-b', 'rg-d']);
  });

  it('a refused action is reported as the last outcome but joins no history', async () => {
    const actor = await started();
    const c = await act(actor, { type: 'resource.create', kind: 'vm', resourceGroup: 'nowhere', name: 'web-1' });
    expect(c.entries).toHaveLength(0);
    expect(c.last?.outcome.ok).toBe(false);
    expect(c.last?.outcome.error?.code).toBe('ResourceGroupNotFound');
  });

  it('actions sent while one is being applied are queued, not lost', async () => {
    const actor = await started();
    actor.send({ type: 'ACT', action: { type: 'resourceGroup.create', name: 'rg-a' } });
    actor.send({ type: 'ACT', action: { type: 'resource.create', kind: 'vm', resourceGroup: 'rg-a', name: 'web-1' } });
    actor.send({ type: 'ACT', action: { type: 'identity.system.enable', resourceId: vm } });
    await waitFor(actor, (s) => s.matches('idle') && s.context.queue.length === 0);
    const c = actor.getSnapshot().context;
    expect(c.entries.map((e) => e.action.type)).toEqual(['resourceGroup.create', 'resource.create', 'identity.system.enable']);
  });

  it('a LOAD sent while another scenario loads, or while an action applies, replaces it instead of being lost', async () => {
    // A lesson's sandbox rebuilding itself when "Start the challenge" is pressed: the challenge wins.
    const first = { version: 1 as const, seed: 'lesson', actions: [...PRELUDE, { type: 'resource.create', kind: 'vm', resourceGroup: 'rg-a', name: 'web-1' } as Action] };
    const second = { version: 1 as const, seed: 'challenge', actions: [{ type: 'resourceGroup.create', name: 'rg-challenge' } as Action] };
    const loading = createActor(sandboxMachine, { input: { scenario: first, base: 1 } }).start();
    expect(loading.getSnapshot().matches('loading')).toBe(true);
    loading.send({ type: 'LOAD', scenario: second, base: 1 });
    await waitFor(loading, (s) => s.matches('idle'));
    expect(Object.values(loading.getSnapshot().context.world.resourceGroups).map((g) => g.name)).toEqual(['rg-challenge']);
    expect(loading.getSnapshot().context.entries).toHaveLength(0);

    const applying = await started();
    applying.send({ type: 'ACT', action: { type: 'resourceGroup.create', name: 'rg-a' } });
    expect(applying.getSnapshot().matches('applying')).toBe(true);
    applying.send({ type: 'LOAD', scenario: second, base: 1 });
    await waitFor(applying, (s) => s.matches('idle'));
    expect(Object.values(applying.getSnapshot().context.world.resourceGroups).map((g) => g.name)).toEqual(['rg-challenge']);
    expect(applying.getSnapshot().context.entries).toHaveLength(0);
  });

  it('loads a scenario as a base the learner cannot undo, and exports base + history', async () => {
    const scenario = { version: 1 as const, seed: 'lesson', actions: [...PRELUDE, { type: 'resource.create', kind: 'vm', resourceGroup: 'rg-a', name: 'web-1' } as Action] };
    const actor = await started({ scenario });
    const c0 = actor.getSnapshot().context;
    expect(c0.base).toHaveLength(3);
    expect(c0.entries).toHaveLength(0);
    await act(actor, { type: 'identity.system.enable', resourceId: vm });
    actor.send({ type: 'UNDO' });
    actor.send({ type: 'UNDO' });
    expect(actor.getSnapshot().context.world).toBe(c0.baseWorld);
    actor.send({ type: 'REDO' });
    const exported = currentScenario(actor.getSnapshot().context);
    expect(exported.actions).toHaveLength(4);
    const rebuilt = await replay(exported);
    expect(JSON.stringify(rebuilt.world)).toBe(JSON.stringify(actor.getSnapshot().context.world));
  });

  it('LOAD with a base count turns the rest into undoable history and restores the cursor', async () => {
    const actor = await started();
    const actions: Action[] = [...PRELUDE, { type: 'resource.create', kind: 'vm', resourceGroup: 'rg-a', name: 'web-1' }];
    actor.send({ type: 'LOAD', scenario: { version: 1, seed: 'shared', actions }, base: 0, cursor: 2 });
    await waitFor(actor, (s) => s.matches('idle'));
    const c = actor.getSnapshot().context;
    expect(c.entries).toHaveLength(3);
    expect(c.cursor).toBe(2);
    expect(Object.keys(c.world.resources)).toHaveLength(0);
    actor.send({ type: 'RESET' });
    expect(actor.getSnapshot().context.entries).toHaveLength(0);
    expect(actor.getSnapshot().context.world).toBe(c.baseWorld);
  });

  it('undo after any action restores the previous world exactly (property)', async () => {
    await fc.assert(
      fc.asyncProperty(intentsArb, async (intents) => {
        const actor = await started({ scenario: { version: 1, seed: 'undo', actions: PRELUDE } });
        for (const intent of intents.slice(0, 15)) {
          const before = actor.getSnapshot().context;
          const ctx = await act(actor, actionFor(before.world, intent));
          if (ctx.cursor === before.cursor) continue; // refused: nothing to undo
          actor.send({ type: 'UNDO' });
          const undone = actor.getSnapshot().context;
          expect(undone.world).toBe(before.world);
          expect(JSON.stringify(undone.world)).toBe(JSON.stringify(before.world));
          actor.send({ type: 'REDO' });
          expect(actor.getSnapshot().context.world).toBe(ctx.world);
        }
        actor.stop();
      }),
      { numRuns: 150 },
    );
  });
});
