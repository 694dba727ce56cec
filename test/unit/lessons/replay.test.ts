// Every lesson is solvable: its reference solutions, replayed in order through the sandbox actor the
// player uses, meet each step's goal, and no goal already holds when its step begins.
import { describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import { sandboxMachine } from '../../../src/machine/sandbox.ts';
import { evaluate } from '../../../src/lessons/goals.ts';
import { loadLessons } from '../../../src/lessons/loader.ts';
import { lessonFiles } from './files.ts';

const { lessons, problems } = loadLessons(lessonFiles());

describe('the curriculum', () => {
  it('loads without problems', () => {
    expect(problems).toEqual([]);
    expect(lessons.length).toBeGreaterThanOrEqual(11);
  });

  it('numbers lessons 1, 2, 3... and keeps each within 5-10 minutes', () => {
    expect(lessons.map((l) => l.number)).toEqual(lessons.map((_, i) => i + 1));
    for (const l of lessons) expect(l.minutes, l.id).toBeGreaterThanOrEqual(5);
    for (const l of lessons) expect(l.minutes, l.id).toBeLessThanOrEqual(10);
  });

  it('gives every predict question exactly one right answer', () => {
    for (const l of lessons) for (const s of l.steps) if (s.predict) expect(s.predict.choices.filter((c) => c.correct), `${l.id} ${s.id}`).toHaveLength(1);
  });
});

describe.each(lessons.map((l) => [l.id, l] as const))('%s', (_id, lesson) => {
  it('replays its reference solution, meeting each goal in order, none met beforehand', async () => {
    const actor = createActor(sandboxMachine, { input: { scenario: lesson.start, base: lesson.start.actions.length } });
    actor.start();
    let snap = await waitFor(actor, (s) => s.matches('idle'));
    expect(snap.context.fault).toBeNull();
    // Propagation delays only where a lesson opts in by setting them in its start.
    const optsIn = lesson.start.actions.some((a) => a.type === 'settings.set' && (a.propagationDelay ?? 0) > 0);
    if (!optsIn) expect(snap.context.world.settings.propagationDelay, 'propagation is off unless the lesson teaches it').toBe(0);
    for (const step of lesson.steps) {
      const before = evaluate(step.goal, { world: snap.context.world, last: snap.context.last });
      expect(before.met, `step '${step.id}' is already done when it begins`).toBe(false);
      for (const action of step.solution) {
        actor.send({ type: 'ACT', action });
        snap = await waitFor(actor, (s) => s.matches('idle'));
        expect(snap.context.fault).toBeNull();
      }
      const after = evaluate(step.goal, { world: snap.context.world, last: snap.context.last });
      expect(after.met, `step '${step.id}': ${JSON.stringify(after)}`).toBe(true);
    }
    actor.stop();
  });
});
