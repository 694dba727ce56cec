// Every learner action is a plain, serializable object. The schemas (control/actions.ts for the
// control plane, token/actions.ts for tokens, apps and calls) are the single definition of what an
// action may contain: the types come from them, and scenario and lesson files are checked against them
// before anything is applied.
import * as v from 'valibot';
import { CONTROL_ACTIONS } from './control/actions.ts';
import { TOKEN_ACTIONS } from './token/actions.ts';

export * from './control/actions.ts';

/** All actions: the control plane, then tokens, app registrations and target calls (src/sim/token). */
export const ActionSchema = v.variant('type', [...CONTROL_ACTIONS, ...TOKEN_ACTIONS]);
export type Action = v.InferOutput<typeof ActionSchema>;
export type ActionType = Action['type'];
export type ActionOf<T extends ActionType> = Extract<Action, { type: T }>;
export const ACTION_TYPES: ActionType[] = [...CONTROL_ACTIONS, ...TOKEN_ACTIONS].map((s) => s.entries.type.literal);

/** Check untrusted data (a file, a link) and say what is wrong, path first. */
export function parseAction(input: unknown): { ok: true; action: Action } | { ok: false; problem: string } {
  const result = v.safeParse(ActionSchema, input);
  if (result.success) return { ok: true, action: result.output };
  return { ok: false, problem: describeIssues(result.issues) };
}

export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => {
      const path = v.getDotPath(issue);
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}
