// The schema of lesson files, checked at build time and in the tests. Every problem comes back as
// "<path>: <what is wrong>", the path in the author's terms (goal.lastCall.status, solution.2.kind).
import * as v from 'valibot';
import { ActionSchema, parseScenario, type Action, type Scenario } from '../sim/index.ts';
import { GOAL_REGISTRY, goalKind, LAST_ACTION_KINDS, type Goal, type GoalKindName } from './goals.ts';

const Text = v.pipe(v.string('expected text'), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(20_000, 'is too long'));
const Name = v.pipe(v.string('expected text'), v.minLength(1, 'must not be empty'), v.maxLength(300, 'is too long'));
const Num = v.pipe(v.number('expected a number'), v.integer('expected a whole number'));
const Bool = v.boolean('expected true or false');
/** Every goal kind's schema is in the goal registry; all, any and not are checked by checkGoal. */
export const GOAL_KINDS = ['all', 'any', 'not', ...Object.keys(GOAL_REGISTRY)];

function issuesAt(path: string, issues: readonly v.BaseIssue<unknown>[]): string[] {
  return issues.slice(0, 3).map((issue) => {
    const sub = v.getDotPath(issue);
    return `${sub ? `${path}.${sub}` : path}: ${issue.message}`;
  });
}

/** Check a goal; problems are "goal.all.1.lastCall.status: expected a number". */
export function checkGoal(input: unknown, path = 'goal'): string[] {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return [`${path}: expected one of ${GOAL_KINDS.join(', ')}`];
  const keys = Object.keys(input);
  if (keys.length !== 1) return [`${path}: expected exactly one of ${GOAL_KINDS.join(', ')} (use all: [...] to combine), found ${keys.length ? keys.join(', ') : 'nothing'}`];
  const kind = keys[0]!;
  const value = (input as Record<string, unknown>)[kind];
  const at = `${path}.${kind}`;
  if (kind === 'all' || kind === 'any') {
    if (!Array.isArray(value) || value.length === 0) return [`${at}: expected a list of goals`];
    return value.flatMap((g, i) => checkGoal(g, `${at}.${i}`));
  }
  if (kind === 'not') return checkGoal(value, at);
  if (!Object.hasOwn(GOAL_REGISTRY, kind)) return [`${path}: unknown goal '${kind}'; expected one of ${GOAL_KINDS.join(', ')}`];
  const result = v.safeParse(goalKind(kind as GoalKindName).schema, value);
  return result.success ? [] : issuesAt(at, result.issues);
}

export const FrontmatterSchema = v.strictObject({
  title: Name,
  summary: Text,
  minutes: v.pipe(Num, v.minValue(1, 'must be at least 1'), v.maxValue(60, 'must be at most 60')),
  /** "previous", a scenario file in the lesson's folder, or an inline scenario ({ seed, start?, actions }). */
  start: v.union(
    [
      v.literal('previous'),
      v.pipe(v.string(), v.regex(/^[\w.-]+\.json$/, 'expected "previous", a file name such as start.json, or a scenario')),
      v.looseObject({ seed: v.string(), actions: v.array(v.unknown()) }),
    ],
    'expected "previous", a file name such as start.json, or a scenario with seed and actions',
  ),
  recap: v.optional(v.array(Text, 'expected a list of points')),
});
export type Frontmatter = v.InferOutput<typeof FrontmatterSchema>;

const Id = v.pipe(v.string('expected text'), v.regex(/^[a-z0-9][a-z0-9-]*$/, 'use lowercase letters, digits and hyphens'));
const Actions = v.pipe(v.array(v.unknown(), 'expected a list of actions'), v.minLength(1, 'needs at least one action'));

export const StepSchema = v.strictObject({
  id: Id,
  goal: v.unknown(),
  hints: v.strictObject({ nudge: Text, concept: Text, action: Text }, 'expected nudge, concept and action'),
  solution: Actions,
  predict: v.optional(
    v.strictObject({
      question: Text,
      choices: v.pipe(
        v.array(v.strictObject({ text: Text, correct: v.optional(Bool) }), 'expected a list of choices'),
        v.minLength(2, 'needs at least two choices'),
        v.maxLength(6, 'has more than six choices'),
        v.check((cs) => cs.filter((c) => c.correct).length === 1, 'exactly one choice must have correct: true'),
      ),
      explanation: Text,
    }),
  ),
});
export type StepInput = v.InferOutput<typeof StepSchema>;

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: string[] };

export function checkFrontmatter(input: unknown): Checked<Frontmatter> {
  const r = v.safeParse(FrontmatterSchema, input);
  return r.success ? { ok: true, value: r.output } : { ok: false, problems: issuesAt('frontmatter', r.issues) };
}

export function checkStep(input: unknown): Checked<StepInput & { goal: Goal; solution: Action[] }> {
  const r = v.safeParse(StepSchema, input);
  if (!r.success) return { ok: false, problems: issuesAt('', r.issues).map((p) => p.replace(/^\./, '')) };
  const problems = checkGoal(r.output.goal);
  const solution = checkActions(r.output.solution, 'solution', problems);
  return problems.length ? { ok: false, problems } : { ok: true, value: { ...r.output, goal: r.output.goal as Goal, solution } };
}

/**
 * A lesson's closing challenge: a task with no step-by-step text, starting where the lesson ends (plus
 * `setup`), graded by the world alone, and a reference solution whose length is the par.
 */
export const ChallengeSchema = v.strictObject({
  id: Id,
  setup: v.optional(v.array(v.unknown(), 'expected a list of actions')),
  goal: v.unknown(),
  solution: Actions,
});
export type ChallengeInput = v.InferOutput<typeof ChallengeSchema>;

/** Goal kinds a challenge may not use: it is graded by the world, not by the last action. */
function lastActionKinds(goal: unknown, path = 'goal'): string[] {
  if (typeof goal !== 'object' || goal === null) return [];
  return Object.entries(goal).flatMap(([k, val]) => {
    if (k === 'all' || k === 'any') return Array.isArray(val) ? val.flatMap((g, i) => lastActionKinds(g, `${path}.${k}.${i}`)) : [];
    if (k === 'not') return lastActionKinds(val, `${path}.not`);
    return (LAST_ACTION_KINDS as string[]).includes(k) ? [`${path}.${k}: a challenge is graded by the world, so it cannot check the last action; use canRead, token, roleAssignment and the like`] : [];
  });
}

function checkActions(input: unknown[], path: string, problems: string[]): Action[] {
  const actions: Action[] = [];
  input.forEach((a, i) => {
    const parsed = v.safeParse(ActionSchema, a);
    if (parsed.success) actions.push(parsed.output);
    else problems.push(...issuesAt(`${path}.${i}`, parsed.issues));
  });
  return actions;
}

export function checkChallenge(input: unknown): Checked<{ id: string; goal: Goal; setup: Action[]; solution: Action[] }> {
  const r = v.safeParse(ChallengeSchema, input);
  if (!r.success) return { ok: false, problems: issuesAt('', r.issues).map((p) => p.replace(/^\./, '')) };
  const problems = checkGoal(r.output.goal);
  if (!problems.length) problems.push(...lastActionKinds(r.output.goal));
  const setup = checkActions(r.output.setup ?? [], 'setup', problems);
  const solution = checkActions(r.output.solution, 'solution', problems);
  return problems.length ? { ok: false, problems } : { ok: true, value: { id: r.output.id, goal: r.output.goal as Goal, setup, solution } };
}

/** An inline start scenario: the scenario format without its header; version 1 is implied. */
export function checkInlineScenario(input: object): Checked<Scenario> {
  const r = parseScenario({ version: 1, ...input });
  return r.ok ? { ok: true, value: r.scenario } : { ok: false, problems: r.problem.split('; ').map((p) => `frontmatter.start.${p}`) };
}
