// The command behind every click, tested as a whole: a random session exported as an az script and
// pasted into the console of a fresh sandbox rebuilds the same world, byte for byte.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sessionScript, toAz } from '../../../src/console/toAz.ts';
import { apply, createWorld, type Action, type World } from '../../../src/sim/index.ts';
import { actionFor, intentsArb, PRELUDE } from '../sim/arbitraries.ts';
import { session } from './host.ts';

/** Apply random intents from the prelude on, keeping the steps that succeeded and have an az command. */
async function randomSession(seed: string, intents: Parameters<typeof actionFor>[1][]) {
  let world: World = createWorld({ seed });
  const steps: { action: Action; world: World }[] = [];
  for (const action of PRELUDE) {
    world = (await apply(world, action)).world;
    steps.push({ action, world });
  }
  for (const intent of intents) {
    const action = actionFor(world, intent);
    if (toAz(world, action) === null) continue;
    const next = await apply(world, action);
    if (!next.outcome.ok) continue;
    world = next.world;
    steps.push({ action, world });
  }
  return { world, steps };
}

describe('session scripts', () => {
  it('rebuild the same world when run back through the console (property)', async () => {
    const seen = new Set<string>();
    const kinds = new Set<string>();
    await fc.assert(
      fc.asyncProperty(intentsArb, async (intents) => {
        const { world, steps } = await randomSession('roundtrip', intents);
        for (const s of steps) {
          seen.add(s.action.type);
          if (s.action.type === 'resource.create') kinds.add(s.action.kind);
        }
        const script = sessionScript(createWorld({ seed: 'roundtrip' }), steps);
        const { console: c, host } = session('roundtrip');
        const r = await c.run(script);
        expect(r.stderr).toBe('');
        expect(host.world()).toEqual(world);
      }),
      // A fixed seed: the check below that the sessions reached the interesting commands must not
      // depend on the draw (some draws never attach a user-assigned identity).
      { numRuns: 60, seed: 1 },
    );
    // The random sessions did reach the interesting commands.
    for (const type of ['resource.create', 'identity.system.enable', 'identity.user.assign', 'roleAssignment.create']) expect(seen).toContain(type);
    // ...including logic apps and container apps, which have az commands of their own now.
    for (const kind of ['logicApp', 'containerApp']) expect(kinds).toContain(kind);
  }, 60_000);

  it('names what az has no command for in a comment', () => {
    const world = createWorld({ seed: 'x' });
    const script = sessionScript(world, [{ action: { type: 'clock.advance', seconds: 3600 }, world }]);
    expect(script).toContain('# sandbox only: Fast-forward the clock 1 h. There is no az command for time: on Azure it simply passes.');
  });
});
