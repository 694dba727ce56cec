// Replays write each world's tables in place (the world before is never read again); a refused action
// must still leave the world exactly as it was, even when the handler wrote before it refused.
import { describe, expect, it } from 'vitest';
import { applyControl } from '../../../src/sim/control.ts';
import { handOver } from '../../../src/sim/draft.ts';
import { replay, type Action } from '../../../src/sim/index.ts';

describe('replay in place', () => {
  it('a refusal after a write (a principal made, then a missing identity) is rolled back', async () => {
    const { world } = await replay({ seed: 'h', actions: [{ type: 'resourceGroup.create', name: 'rg' }] });
    const before = JSON.stringify(world);
    const action: Action = {
      type: 'resource.create',
      kind: 'vm',
      resourceGroup: 'rg',
      name: 'vm-1',
      identity: { systemAssigned: true, userAssigned: ['/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/none'] },
    };
    const step = applyControl(handOver(world), action);
    expect(step.outcome.ok).toBe(false);
    expect(step.world).toBe(world);
    expect(JSON.stringify(world)).toBe(before);
  });

  it('a world not handed over is never written', async () => {
    const { world } = await replay({ seed: 'h', actions: [{ type: 'resourceGroup.create', name: 'rg' }] });
    const before = JSON.stringify(world);
    const step = applyControl(world, { type: 'resourceGroup.create', name: 'rg-2' });
    expect(step.outcome.ok).toBe(true);
    expect(JSON.stringify(world)).toBe(before);
    expect(step.world.resourceGroups).not.toBe(world.resourceGroups);
  });

  it('replays 10,000 resource groups quickly and reports progress in slices', async () => {
    const actions: Action[] = Array.from({ length: 10_000 }, (_, i) => ({ type: 'resourceGroup.create', name: `rg-${i}` }));
    const progress: number[] = [];
    const { world } = await replay({ seed: 'big', actions }, undefined, { sliceMs: 5, onProgress: (done) => progress.push(done) });
    expect(Object.keys(world.resourceGroups)).toHaveLength(10_000);
    expect(progress.at(-1)).toBe(10_000);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });
});
