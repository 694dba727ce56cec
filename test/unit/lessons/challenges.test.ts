// Every lesson's challenge is solvable and honest: its reference solution, replayed through the sandbox
// actor the player uses, meets the goal with every action accepted (so its length is a fair par), and
// the goal is false where the challenge starts.
import { describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import { challengeStart } from '../../../src/lessons/end.ts';
import { evaluate } from '../../../src/lessons/goals.ts';
import { loadLessons } from '../../../src/lessons/loader.ts';
import { challengeMoves } from '../../../src/machine/lesson.ts';
import { sandboxMachine } from '../../../src/machine/sandbox.ts';
import { challengeTarget, combined } from '../../../src/lessons/target.ts';
import type { Outcome } from '../../../src/sim/index.ts';
import { lessonFiles } from './files.ts';

const { lessons, problems } = loadLessons(lessonFiles());
const withChallenge = lessons.filter((l) => l.challenge);

describe('challenges', () => {
  it('load, and every lesson in lessons/ ends with one', () => {
    expect(problems).toEqual([]);
    // Every folder with a lesson.md is a lesson that loaded, so none escapes the check below.
    const folders = Object.keys(lessonFiles()).filter((p) => /^lessons\/[^/]+\/lesson\.md$/.test(p));
    expect(lessons.map((l) => `lessons/${l.id}/lesson.md`).sort()).toEqual(folders.sort());
    for (const l of lessons) expect(l.challenge, `${l.id} has no challenge`).toBeDefined();
  });

  it('have ids unique across the curriculum and a task of their own', () => {
    const ids = withChallenge.map((l) => l.challenge!.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const l of withChallenge) expect(l.challenge!.task.length, l.id).toBeGreaterThan(0);
  });
});

describe.each(withChallenge.map((l) => [l.id, l] as const))('%s', (_id, lesson) => {
  it('starts unsolved, and its reference solution solves it in exactly its own number of actions', async () => {
    const challenge = lesson.challenge!;
    const start = challengeStart(lesson);
    const actor = createActor(sandboxMachine, { input: { scenario: start, base: start.actions.length } });
    actor.start();
    let snap = await waitFor(actor, (s) => s.matches('idle'));
    expect(snap.context.fault).toBeNull();
    expect(snap.context.loadReport?.dropped ?? [], 'every setup action is accepted').toEqual([]);
    expect(evaluate(challenge.goal, { world: snap.context.world, last: snap.context.last }).met, 'already solved at its start').toBe(false);
    for (const [i, action] of challenge.solution.entries()) {
      actor.send({ type: 'ACT', action });
      snap = await waitFor(actor, (s) => s.matches('idle'));
      expect(snap.context.last?.outcome.ok, `solution action ${i} (${action.type}): ${snap.context.last?.outcome.error?.message ?? ''}`).toBe(true);
      const met = evaluate(challenge.goal, { world: snap.context.world, last: snap.context.last }).met;
      expect(met, `solved after ${i + 1} of ${challenge.solution.length} actions: the par would be wrong`).toBe(i === challenge.solution.length - 1);
    }
    expect(challengeMoves(snap.context)).toBe(challenge.solution.length);
    actor.stop();
  });
});

describe('the target picture', () => {
  it('is the world the reference solution makes, with what it changed on the way', async () => {
    const lesson = lessons.find((l) => l.id === '02-system-assigned')!;
    const target = (await challengeTarget(lesson))!;
    expect(evaluate(lesson.challenge!.goal, { world: target.world, last: null }).met).toBe(true);
    expect(evaluate(lesson.challenge!.goal, { world: target.start, last: null }).met).toBe(false);
    expect(target.changes.deleted).toHaveLength(1); // old-1's service principal
    expect(target.changes.created).toHaveLength(1); // web-2's
  });

  it('sums outcomes: created then deleted is nothing, deleted then created is a change, refusals count for nothing', () => {
    const o = (p: Partial<Outcome>): Outcome => ({ ok: true, summary: '', created: [], deleted: [], changed: [], orphaned: [], notes: [], ...p });
    const sum = combined([o({ created: ['a', 'b'] }), o({ deleted: ['a', 'c'] }), o({ created: ['c'] }), o({ ok: false, created: ['x'] }), o({ changed: ['b', 'd'] })]);
    expect({ created: sum.created, deleted: sum.deleted, changed: sum.changed }).toEqual({ created: ['b'], deleted: [], changed: ['c', 'd'] });
  });
});
