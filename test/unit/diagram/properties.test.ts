// Random learner action sequences: after every step the topology is well-formed, deterministic, and
// shows what the step created or changed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topology } from '../../../src/diagram/topology.ts';
import { applyControl } from '../../../src/sim/control.ts';
import { actionFor, intentsArb, startWorld } from '../sim/arbitraries.ts';
import { expectOnlyGeneratedSyntax } from './grammar.ts';

describe('topology over random action sequences', () => {
  it('is well-formed and deterministic at every step, and draws what the step created or changed', () => {
    fc.assert(
      fc.property(intentsArb, fc.constantFrom('light', 'dark') as fc.Arbitrary<'light' | 'dark'>, (intents, theme) => {
        let world = startWorld('diagram-prop');
        for (const intent of intents) {
          const step = applyControl(world, actionFor(world, intent));
          const options = { previous: world, outcome: step.outcome, theme };
          const d = topology(step.world, options);
          expectOnlyGeneratedSyntax(d.text);
          expect(topology(step.world, options).text).toBe(d.text);
          expect(d.shown + d.hidden).toBeGreaterThanOrEqual(d.shown);
          for (const id of [...step.outcome.created, ...step.outcome.changed]) {
            const r = step.world.resources[id.toLowerCase()];
            const sp = step.world.servicePrincipals[id];
            if (r) expect(d.text, `${r.name} was created or changed`).toContain(`<b>${r.kind === 'slot' ? r.name.replace('/', '/slots/') : r.name}</b>`);
            if (sp) expect(d.text).toContain(`<b>${sp.displayName.replace('/', '/')}</b>`);
          }
          const all = topology(step.world, { theme, focus: 'all' });
          expect(all.hidden).toBe(0);
          expectOnlyGeneratedSyntax(all.text);
          world = step.world;
        }
      }),
      { numRuns: 150 },
    );
  });
});
