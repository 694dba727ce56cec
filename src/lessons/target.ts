// The target picture of a challenge: the world its reference solution produces from the challenge's
// start, and what the solution changed on the way, so the diagram can outline it. Pure: the player's
// UI draws it with the topology diagram, the tests check it.
import { apply, replay, type Outcome, type World } from '../sim/index.ts';
import { challengeStart } from './end.ts';
import type { Lesson } from './types.ts';

export interface ChallengeTarget {
  /** The world where the challenge starts. */
  start: World;
  /** The world the reference solution leaves. */
  world: World;
  /** Everything the solution created, changed, deleted or left dangling, as one outcome. */
  changes: Outcome;
}

/** Several actions' outcomes as one: what a sequence did overall (created then deleted = nothing). */
export function combined(outcomes: readonly Outcome[]): Outcome {
  const created = new Set<string>();
  const deleted = new Set<string>();
  const changed = new Set<string>();
  const orphaned = new Set<string>();
  for (const o of outcomes) {
    if (!o.ok) continue;
    for (const id of o.created) (deleted.delete(id) ? changed : created).add(id);
    for (const id of o.changed) if (!created.has(id)) changed.add(id);
    for (const id of o.deleted) {
      changed.delete(id);
      if (!created.delete(id)) deleted.add(id);
    }
    for (const id of o.orphaned) orphaned.add(id);
  }
  return { ok: true, summary: 'The changes so far', created: [...created], deleted: [...deleted], changed: [...changed], orphaned: [...orphaned], notes: [] };
}

export async function challengeTarget(lesson: Lesson): Promise<ChallengeTarget | null> {
  if (!lesson.challenge) return null;
  const start = challengeStart(lesson);
  const { world: before } = await replay(start);
  let world = before;
  const outcomes: Outcome[] = [];
  for (const action of lesson.challenge.solution) {
    const step = await apply(world, action);
    world = step.world;
    outcomes.push(step.outcome);
  }
  return { start: before, world, changes: combined(outcomes) };
}
