// npm run bench: how fast the simulation core applies actions, replays logs and keeps undo history.
// Run with --expose-gc for the heap figure (the npm script does).
import { createActor, waitFor } from 'xstate';
import { UNDO_LIMIT, sandboxMachine } from '../src/machine/sandbox.ts';
import { apply, createWorld, replay, type Action, type World } from '../src/sim/index.ts';
import { ms, summarize } from './stats.ts';

const RG = (i: number) => `rg-${i}`;
const vmId = (g: number, i: number) => `/resourceGroups/${RG(g)}/providers/Microsoft.Compute/virtualMachines/vm-${i}`;
const entityCount = (w: World) =>
  Object.keys(w.resourceGroups).length + Object.keys(w.resources).length + Object.keys(w.servicePrincipals).length + Object.keys(w.roleAssignments).length;

/** Actions that build a world of about `target` entities: groups of VMs with identities and assignments. */
function buildActions(target: number): Action[] {
  const actions: Action[] = [];
  let count = 0;
  for (let g = 0; count < target; g++) {
    actions.push({ type: 'resourceGroup.create', name: RG(g) });
    count++;
    for (let i = 0; i < 10 && count < target; i++) {
      actions.push({ type: 'resource.create', kind: 'vm', resourceGroup: RG(g), name: `vm-${i}`, identity: { systemAssigned: true } });
      actions.push({ type: 'roleAssignment.create', scope: `/resourceGroups/${RG(g)}`, role: 'Reader', assignee: vmId(g, i) });
      count += 3; // VM, its principal, its assignment
    }
  }
  return actions;
}

/** A mix of what a learner does, each applied to the same world so its size stays fixed. */
function probes(): Action[] {
  return [
    { type: 'identity.system.disable', resourceId: vmId(0, 1) },
    { type: 'resource.create', kind: 'vm', resourceGroup: RG(0), name: 'probe-vm', identity: { systemAssigned: true } },
    { type: 'resource.create', kind: 'userAssignedIdentity', resourceGroup: RG(0), name: 'probe-id' },
    { type: 'roleAssignment.create', scope: `/resourceGroups/${RG(0)}`, role: 'Contributor', assignee: vmId(0, 2) },
    { type: 'resource.delete', id: vmId(0, 3) },
    { type: 'clock.advance', seconds: 300 },
    { type: 'resource.create', kind: 'vm', resourceGroup: RG(0), name: 'bad name!' },
  ];
}

async function applyTimes(size: number) {
  const { world } = await replay({ seed: 'bench', actions: buildActions(size) });
  const samples: number[] = [];
  for (let round = 0; round < 300; round++) {
    for (const action of probes()) {
      const t = performance.now();
      await apply(world, action);
      samples.push(performance.now() - t);
    }
  }
  return { entities: entityCount(world), ...summarize(samples) };
}

async function main() {
  // Warm up the JIT on a small world first.
  await applyTimes(50);
  console.log('apply(world, action), mixed actions:');
  for (const size of [10, 200, 2000]) {
    const r = await applyTimes(size);
    console.log(`  ${String(r.entities).padStart(5)} entities: median ${ms(r.median)}, p95 ${ms(r.p95)} (n=${r.n})`);
  }

  const log = buildActions(1000).slice(0, 1000);
  while (log.length < 1000) log.push({ type: 'clock.advance', seconds: 1 });
  const replays: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    await replay({ seed: 'bench', actions: log });
    replays.push(performance.now() - t);
  }
  const rs = summarize(replays);
  console.log(`replay of a 1,000-action log: median ${ms(rs.median)}, p95 ${ms(rs.p95)} (n=${rs.n})`);

  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) {
    console.log('heap growth: run with node --expose-gc to measure');
    return;
  }
  const actor = createActor(sandboxMachine, { input: { scenario: { version: 1, seed: 'bench', actions: buildActions(200) } } }).start();
  await waitFor(actor, (s) => s.matches('idle'));
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 1000; i++) {
    const g = i % 5;
    const action: Action = i % 2 ? { type: 'identity.system.disable', resourceId: vmId(g, i % 10) } : { type: 'identity.system.enable', resourceId: vmId(g, i % 10) };
    actor.send({ type: 'ACT', action });
    await waitFor(actor, (s) => s.matches('idle') && s.context.queue.length === 0);
  }
  gc();
  const after = process.memoryUsage().heapUsed;
  const ctx = actor.getSnapshot().context;
  console.log(
    `undo history: ${ctx.entries.length} steps on a ${entityCount(ctx.world)}-entity world grew the heap by ${((after - before) / 1024 / 1024).toFixed(1)} MB (${((after - before) / ctx.entries.length / 1024).toFixed(1)} KB per step)`,
  );
}

/** Large scenarios: per-action cost at 100, 1,000 and 10,000 groups, a 10,000-action replay and load, bounded memory. */
async function large() {
  const groups = (n: number, prefix = 'rg'): Action[] => Array.from({ length: n }, (_, i) => ({ type: 'resourceGroup.create', name: `${prefix}-${i}` }));
  console.log('\nlarge scenarios (resource groups):');
  for (const size of [100, 1_000, 10_000]) {
    const { world } = await replay({ seed: 'big', actions: groups(size) });
    const samples: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      await apply(world, { type: 'resourceGroup.create', name: `probe-${i}` });
      samples.push(performance.now() - t);
    }
    const s = summarize(samples);
    console.log(`  apply one action (kept for undo), ${size.toLocaleString('en-US')} groups: median ${ms(s.median)}, p95 ${ms(s.p95)}`);
  }
  for (const size of [100, 10_000]) {
    const per: number[] = [];
    for (let r = 0; r < 5; r++) {
      const t = performance.now();
      await replay({ seed: 'big', actions: groups(size) });
      per.push((performance.now() - t) / size);
    }
    console.log(`  replay, per action, ${size.toLocaleString('en-US')} groups: median ${ms(summarize(per).median)}`);
  }
  const log = groups(10_000);
  const loads: number[] = [];
  const gc = (globalThis as { gc?: () => void }).gc;
  let heap = NaN;
  for (let r = 0; r < 3; r++) {
    gc?.();
    const before = process.memoryUsage().heapUsed;
    const t = performance.now();
    const actor = createActor(sandboxMachine, { input: { scenario: { version: 1, seed: 'big', actions: log }, base: 0 } }).start();
    await waitFor(actor, (s) => s.matches('idle'), { timeout: 120_000 });
    loads.push(performance.now() - t);
    gc?.();
    // Measured while the actor still holds its history: the worlds of the last UNDO_LIMIT steps.
    if (r === 0) heap = (process.memoryUsage().heapUsed - before) / 1024 / 1024; // later rounds see the earlier actors' garbage
    if (actor.getSnapshot().context.entries.length > UNDO_LIMIT) throw new Error('history not bounded');
    actor.stop();
  }
  const l = summarize(loads);
  console.log(`  open a 10,000-action history in the sandbox actor (last ${UNDO_LIMIT} undoable): median ${ms(l.median)}, max ${ms(Math.max(...loads))}; heap held ${heap.toFixed(1)} MB`);
}

await main();
await large();
