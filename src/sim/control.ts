// The control plane: what a person does in the portal or with the CLI, and the lifecycle rules that
// follow from it. Each action's handler lives in the module of its concept under control/; here they
// are gathered into one table (the compiler checks every control action has one) and run by the runner.
import type { ControlAction, ControlType, Handlers } from './control/actions.ts';
import { ACCESS_HANDLERS } from './control/access.ts';
import { CLOCK_HANDLERS } from './control/clock.ts';
import { DATA_HANDLERS } from './control/data.ts';
import { IDENTITY_HANDLERS } from './control/identities.ts';
import { RESOURCE_HANDLERS } from './control/resources.ts';
import { SQL_HANDLERS } from './control/sql.ts';
import { userHandlers } from './users.ts';
import type { Draft } from './draft.ts';
import { own } from './table.ts';
import { run, type Step } from './run.ts';
import type { World } from './world.ts';

export type { Step };
export { MAX_USER_ASSIGNED } from './control/identities.ts';
export { resolveAssignee, roleAssignmentJson } from './control/access.ts';
export { formatDuration } from './control/clock.ts';

const HANDLERS: Handlers<ControlType> = { ...RESOURCE_HANDLERS, ...IDENTITY_HANDLERS, ...ACCESS_HANDLERS, ...DATA_HANDLERS, ...SQL_HANDLERS, ...CLOCK_HANDLERS, ...userHandlers };

/**
 * Apply a control-plane action (checked against its schema before it gets here). On refusal the world
 * returned is the one given, untouched. Any other action type is a programming error and throws.
 */
export function applyControl(world: World, action: { readonly type: string }): Step;
export function applyControl(world: World, action: ControlAction): Step;
export function applyControl(world: World, action: { readonly type: string }): Step {
  const handler = own(HANDLERS as Record<string, unknown>, action.type) as ((d: Draft, a: ControlAction) => string) | undefined;
  if (!handler) throw new Error(`'${action.type}' is not a control-plane action`);
  return run(world, action, (d) => ({ summary: handler(d, action as ControlAction) }));
}
