// Where a lesson ends: its start plus every step's reference solution. "start: previous" continues from
// here, and the player rebuilds a step's start from it. Kept apart from the loader, which the browser
// never loads.
import { scenarioOf, type Action, type Scenario } from '../sim/index.ts';
import type { Lesson } from './types.ts';

export function endOf(lesson: Pick<Lesson, 'start' | 'steps' | 'title'>): Scenario {
  const actions: Action[] = [...lesson.start.actions, ...lesson.steps.flatMap((s) => s.solution)];
  return scenarioOf({ seed: lesson.start.seed, ...(lesson.start.start !== undefined ? { start: lesson.start.start } : {}), title: lesson.title }, actions);
}

/** Where a lesson's challenge starts: the lesson's end plus the challenge's setup. */
export function challengeStart(lesson: Pick<Lesson, 'start' | 'steps' | 'title' | 'challenge'>): Scenario {
  const end = endOf(lesson);
  return { ...end, actions: [...end.actions, ...(lesson.challenge?.setup ?? [])] };
}
