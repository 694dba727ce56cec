// Property tests: thousands of random action sequences keep the simulation's invariants.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyControl } from '../../../src/sim/control.ts';
import { idKey, isSource, replay, type Action, type World } from '../../../src/sim/index.ts';
import { PRELUDE, actionFor, intentsArb, startWorld } from './arbitraries.ts';


function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

function checkInvariants(w: World): void {
  const principals = Object.values(w.servicePrincipals);
  for (const sp of principals) {
    if (sp.owner.kind === 'systemAssigned') {
      // Every system-assigned principal has a live parent that points back at it.
      const parent = w.resources[idKey(sp.owner.resourceId)];
      expect(parent, `parent of ${sp.displayName}`).toBeDefined();
      expect(isSource(parent) && parent.identity.systemAssigned?.principalId).toBe(sp.id);
    }
    if (sp.owner.kind === 'userAssigned') {
      const uami = w.resources[idKey(sp.owner.resourceId)];
      expect(uami?.kind === 'userAssignedIdentity' && uami.principalId).toBe(sp.id);
    }
  }
  // No two live principals share an object id or an app id.
  expect(new Set(principals.map((p) => p.id)).size).toBe(principals.length);
  expect(new Set(principals.map((p) => p.appId)).size).toBe(principals.length);
  for (const r of Object.values(w.resources)) {
    if (isSource(r) && r.identity.systemAssigned) expect(w.servicePrincipals[r.identity.systemAssigned.principalId]).toBeDefined();
    if (r.kind === 'slot') expect(w.resources[idKey(r.parentId!)]).toBeDefined();
    if (r.kind === 'userAssignedIdentity') expect(w.servicePrincipals[r.principalId]).toBeDefined();
    // Every resource sits in a resource group that exists.
    expect(w.resourceGroups[idKey(`/subscriptions/${r.subscriptionId}/resourceGroups/${r.resourceGroup}`)]).toBeDefined();
  }
}

describe('random action sequences', () => {
  it('keep the invariants, never mutate the input world, and refused actions change nothing', () => {
    fc.assert(
      fc.property(intentsArb, (intents) => {
        let world = deepFreeze(startWorld('prop'));
        for (const intent of intents) {
          const action = actionFor(world, intent);
          const before = JSON.stringify(world);
          const step = applyControl(world, action);
          if (!step.outcome.ok) {
            expect(step.world).toBe(world);
            expect(step.outcome.error?.code).toBeTruthy();
            expect(JSON.stringify(step.world)).toBe(before);
          }
          world = deepFreeze(step.world);
          checkInvariants(world);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('replaying the log rebuilds the same world, byte for byte', async () => {
    await fc.assert(
      fc.asyncProperty(intentsArb, fc.string({ minLength: 1, maxLength: 12 }), async (intents, seed) => {
        let world = startWorld(seed);
        const log: Action[] = [...PRELUDE];
        for (const intent of intents) {
          const action = actionFor(world, intent);
          log.push(action);
          world = applyControl(world, action).world;
        }
        const again = await replay({ seed, actions: log });
        expect(JSON.stringify(again.world)).toBe(JSON.stringify(world));
      }),
      { numRuns: 500 },
    );
  });
});
