// Which built-in roles the IAM form offers first at a scope: those whose permissions are about what
// lives there (Key Vault roles on a vault, Storage roles on an account), then the general ones. The rest
// stay one click away ("Show all roles"), so the form does not hand the learner the answer.
import { BUILT_IN_ROLES, type ResourceKind } from '../../sim/index.ts';

const GENERAL = ['Owner', 'Contributor', 'Reader', 'User Access Administrator'];
const BY_KIND: Partial<Record<ResourceKind, string>> = {
  keyVault: 'Key Vault ',
  storageAccount: 'Storage ',
  serviceBusNamespace: 'Azure Service Bus ',
  userAssignedIdentity: 'Managed Identity ',
};

/** Role names suggested at a scope of this kind (a resource kind; undefined for a group or the subscription, where every role applies). */
export function suggestedRoles(kind: ResourceKind | undefined): string[] {
  const all = BUILT_IN_ROLES.map((r) => r.roleName);
  if (kind === undefined) return all;
  const prefix = BY_KIND[kind];
  const specific = prefix ? all.filter((n) => n.startsWith(prefix)) : [];
  return [...specific, ...GENERAL.filter((n) => all.includes(n))];
}

/** The roles behind "Show all roles" at this scope. */
export function otherRoles(kind: ResourceKind | undefined): string[] {
  const shown = new Set(suggestedRoles(kind));
  return BUILT_IN_ROLES.map((r) => r.roleName).filter((n) => !shown.has(n));
}
