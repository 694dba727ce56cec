// Azure RBAC: scopes, inheritance and "can principal P perform operation O at scope S, and why".
import { key, scopeCovers } from './arm.ts';
import { own } from './table.ts';
import { findRole, type RoleDefinition } from './roles.ts';
import type { RoleAssignment, World } from './world.ts';

export type ScopeLevel = 'managementGroup' | 'subscription' | 'resourceGroup' | 'resource';

/** The level of a scope string, from its shape. */
export function scopeLevel(scope: string): ScopeLevel {
  if (/^\/providers\/microsoft\.management\/managementgroups\/[^/]+$/i.test(scope)) return 'managementGroup';
  if (/^\/subscriptions\/[^/]+$/i.test(scope)) return 'subscription';
  if (/^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+$/i.test(scope)) return 'resourceGroup';
  return 'resource';
}

export function subscriptionOf(scope: string): string | null {
  return /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1]?.toLowerCase() ?? null;
}

/** The management groups above a subscription, nearest first. */
function managementGroupChain(world: World, subscriptionId: string | null): string[] {
  const sub = subscriptionId ? Object.values(world.subscriptions).find((s) => s.subscriptionId.toLowerCase() === subscriptionId) : undefined;
  const chain: string[] = [];
  let mg = sub ? own(world.managementGroups, key(sub.managementGroupId)) : undefined;
  while (mg) {
    chain.push(key(mg.id));
    mg = mg.parentId ? own(world.managementGroups, key(mg.parentId)) : undefined;
  }
  return chain;
}

/** Whether an assignment at its scope reaches `target`: same scope, or inherited from above. */
export function assignmentCovers(world: World, assignment: RoleAssignment, target: string): boolean {
  if (scopeLevel(assignment.scope) === 'managementGroup') {
    if (scopeLevel(target) === 'managementGroup') return key(assignment.scope) === key(target);
    return managementGroupChain(world, subscriptionOf(target)).includes(key(assignment.scope));
  }
  return scopeCovers(assignment.scope, target);
}

export interface ScopedAssignment {
  assignment: RoleAssignment;
  role: RoleDefinition | undefined;
  /** True where the assignment sits above the scope and reaches it by inheritance. */
  inherited: boolean;
}

/** Assignments that apply at a scope (at it, or inherited from above), as the portal's Role assignments tab lists them. */
export function assignmentsAt(world: World, scope: string): ScopedAssignment[] {
  return Object.values(world.roleAssignments)
    .filter((a) => assignmentCovers(world, a, scope))
    .map((assignment) => ({
      assignment,
      role: findRole(assignment.roleDefinitionId),
      inherited: key(assignment.scope) !== key(scope),
    }));
}

/** Azure's wildcard rule: `*` matches any run of characters; comparison ignores case. */
export function operationMatches(pattern: string, operation: string): boolean {
  // A `/*/` may stand for no segment at all: Managed Identity Operator's
  // `userAssignedIdentities/*/assign/action` is what grants `userAssignedIdentities/assign/action`.
  if (pattern.includes('/*/') && wildcardMatches(pattern.replace('/*/', '/'), operation)) return true;
  return wildcardMatches(pattern, operation);
}

function wildcardMatches(pattern: string, operation: string): boolean {
  const p = pattern.toLowerCase();
  const o = operation.toLowerCase();
  if (!p.includes('*')) return p === o;
  const parts = p.split('*');
  if (!o.startsWith(parts[0]!) || !o.endsWith(parts[parts.length - 1]!)) return false;
  let at = parts[0]!.length;
  const end = o.length - parts[parts.length - 1]!.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const found = o.indexOf(parts[i]!, at);
    if (found < 0 || found + parts[i]!.length > end) return false;
    at = found + parts[i]!.length;
  }
  return at <= end;
}

/** Whether a role grants an operation: a control-plane action, or a data action. */
export function rolePermits(role: RoleDefinition, operation: string, dataAction: boolean): boolean {
  return role.permissions.some((p) => {
    const allow = dataAction ? p.dataActions : p.actions;
    const deny = dataAction ? p.notDataActions : p.notActions;
    return allow.some((a) => operationMatches(a, operation)) && !deny.some((a) => operationMatches(a, operation));
  });
}

export interface Evidence {
  assignmentId: string;
  roleName: string;
  scope: string;
  level: ScopeLevel;
  inherited: boolean;
  /** Whether the role includes the operation. */
  permits: boolean;
  /** When the assignment takes effect at the target (creation plus the simulated propagation delay). */
  effectiveAt: number;
}

export interface AccessDecision {
  allowed: boolean;
  principalId: string;
  operation: string;
  dataAction: boolean;
  scope: string;
  /** The assignment that allowed the operation. */
  granted?: Evidence;
  /** Assignments that would allow it once they have propagated. */
  pending: Evidence[];
  /** Every assignment of the principal that reaches the scope. */
  considered: Evidence[];
  reason: string;
}

const LEVEL_WORDS: Record<ScopeLevel, string> = {
  managementGroup: 'management group',
  subscription: 'subscription',
  resourceGroup: 'resource group',
  resource: 'resource',
};

export function scopeLabel(scope: string): string {
  const level = scopeLevel(scope);
  const last = scope.replace(/\/+$/, '').split('/').pop() ?? scope;
  return `${LEVEL_WORDS[level]} '${last}'`;
}

/** Decide whether a principal may perform an operation at a scope, with the evidence. */
export function checkAccess(world: World, principalId: string, operation: string, scope: string, dataAction: boolean): AccessDecision {
  const considered: Evidence[] = [];
  for (const a of Object.values(world.roleAssignments)) {
    if (a.principalId.toLowerCase() !== principalId.toLowerCase() || !assignmentCovers(world, a, scope)) continue;
    const role = findRole(a.roleDefinitionId);
    considered.push({
      assignmentId: a.id,
      roleName: role?.roleName ?? a.roleDefinitionId,
      scope: a.scope,
      level: scopeLevel(a.scope),
      inherited: key(a.scope) !== key(scope),
      permits: role ? rolePermits(role, operation, dataAction) : false,
      effectiveAt: a.createdOn + world.settings.propagationDelay,
    });
  }
  const permitting = considered.filter((e) => e.permits);
  const granted = permitting.find((e) => e.effectiveAt <= world.now);
  const pending = granted ? [] : permitting.filter((e) => e.effectiveAt > world.now);
  const base = { principalId, operation, dataAction, scope, pending, considered };
  if (granted) {
    // An assignment on the vault or account that holds the secret or blob was made there, not above it.
    const how = !granted.inherited ? `assigned at this ${LEVEL_WORDS[granted.level]}` : granted.level === 'resource' ? `assigned on ${scopeLabel(granted.scope)}` : `inherited from ${scopeLabel(granted.scope)}`;
    return { ...base, allowed: true, granted, reason: `Allowed by the role '${granted.roleName}', ${how}.` };
  }
  let reason: string;
  if (pending.length > 0) {
    const first = pending[0]!;
    const wait = Math.ceil((first.effectiveAt - world.now) / 60);
    reason = `The role '${first.roleName}' would allow this, but it was assigned moments ago and has not propagated yet: in this sandbox it takes effect in ${wait} more minute${wait === 1 ? '' : 's'} (Azure documents "up to 10 minutes", and up to 30 for Storage). Fast-forward the clock.`;
  } else if (considered.length === 0) {
    reason = `No role assignment for this principal reaches this scope, so nothing grants '${operation}'.`;
  } else {
    const roles = [...new Set(considered.map((e) => e.roleName))].map((n) => `'${n}'`).join(', ');
    reason = dataAction
      ? `The principal's roles here (${roles}) do not include the data action '${operation}'. Management roles such as Owner or Contributor grant actions, not dataActions: reading data needs a data role.`
      : `The principal's roles here (${roles}) do not include the action '${operation}'.`;
  }
  return { ...base, allowed: false, reason };
}
