// The identity actions that take a resource from the identities it has to the ones asked for: what a
// PATCH of the ARM identity object and the logic app and container app identity commands send.
import type { Action, SourceResource } from '../sim/index.ts';

/**
 * Removals first (so a Consumption logic app can swap one identity for the other), then additions.
 * `users` holds resource ids; they are compared case-insensitively, as ARM compares them.
 */
export function identityActions(r: SourceResource, system: boolean, users: string[]): Action[] {
  const current = new Map(r.identity.userAssigned.map((u) => [u.id.toLowerCase(), u.id]));
  const target = new Map(users.map((id) => [id.toLowerCase(), id]));
  const actions: Action[] = [];
  for (const [k, id] of current) if (!target.has(k)) actions.push({ type: 'identity.user.unassign', resourceId: r.id, identityId: id });
  if (r.identity.systemAssigned && !system) actions.push({ type: 'identity.system.disable', resourceId: r.id });
  if (!r.identity.systemAssigned && system) actions.push({ type: 'identity.system.enable', resourceId: r.id });
  for (const [k, id] of target) if (!current.has(k)) actions.push({ type: 'identity.user.assign', resourceId: r.id, identityId: id });
  return actions;
}
