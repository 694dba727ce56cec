// Actions and entities in plain words, for the timeline, confirmations, lessons and screen readers.
import { revealHidden } from './hidden.ts';
import { own } from './table.ts';
import type { Action } from './actions.ts';
import { KINDS } from './arm.ts';
import { formatDuration } from './control.ts';
import type { Outcome } from './outcome.ts';
import { displayName, getResource } from './query.ts';
import { findRole } from './roles.ts';
import { findUser, userById } from './users.ts';
import type { TargetCallAction, TokenRequestAction } from './token/actions.ts';
import type { Application, World } from './world.ts';

/** The last segment of an id, which is the name for every ARM id the sandbox builds. */
export const lastSegment = (id: string) => id.replace(/\/+$/, '').split('/').pop() ?? id;

/** A resource, principal or scope by the name a person knows it by. */
export function nameOf(world: World, id: string): string {
  const r = getResource(world, id);
  if (r) return displayName(r);
  const sp = own(world.servicePrincipals, id.toLowerCase());
  if (sp) return sp.displayName;
  const user = userById(world, id);
  if (user) return user.displayName;
  const gone = own(world.deletedPrincipals, id.toLowerCase());
  if (gone) return `${gone.displayName} (deleted)`;
  return lastSegment(id);
}


/**
 * One line in the timeline for an action, as a person would say it. Names may hold bidi controls or
 * invisible characters: they are shown as markers (⟨U+202E⟩), so the line reads as it is.
 */
export function describeAction(world: World, action: Action): string {
  return revealHidden(sayAction(world, action));
}

function sayAction(world: World, action: Action): string {
  const n = (id: string) => nameOf(world, id);
  switch (action.type) {
    case 'resourceGroup.create':
      return `Create resource group ${action.name}`;
    case 'resourceGroup.delete':
      return `Delete resource group ${action.name}`;
    case 'resource.create': {
      const extras = [action.identity?.systemAssigned ? 'system-assigned identity' : '', action.identity?.userAssigned?.length ? 'user-assigned identity' : ''].filter(Boolean);
      return `Create ${KINDS[action.kind].noun} ${action.name}${extras.length ? ` with ${extras.join(' and ')}` : ''}`;
    }
    case 'slot.create':
      return `Create slot ${action.name} of ${n(action.siteId)}`;
    case 'resource.delete':
      return `Delete ${n(action.id)}`;
    case 'identity.system.enable':
      return `Turn on the system-assigned identity of ${n(action.resourceId)}`;
    case 'identity.system.disable':
      return `Turn off the system-assigned identity of ${n(action.resourceId)}`;
    case 'identity.user.assign':
      return `Assign identity ${lastSegment(action.identityId)} to ${n(action.resourceId)}`;
    case 'identity.user.unassign':
      return `Remove identity ${lastSegment(action.identityId)} from ${n(action.resourceId)}`;
    case 'roleAssignment.create':
      return `Grant ${findRole(action.role)?.roleName ?? action.role} to ${n(action.assignee)} at ${lastSegment(action.scope)}`;
    case 'roleAssignment.delete':
      return 'Remove a role assignment';
    case 'keyVault.setPermissionModel':
      return `Switch ${n(action.vaultId)} to ${action.model === 'rbac' ? 'Azure RBAC' : 'access policies'}`;
    case 'keyVault.accessPolicy.set':
      return `Set the access policy of ${n(action.assignee)} on ${n(action.vaultId)}`;
    case 'keyVault.secret.set':
      return `Set secret ${action.name} in ${n(action.vaultId)}`;
    case 'storage.container.create':
      return `Create container ${action.name} in ${n(action.accountId)}`;
    case 'storage.blob.upload':
      return `Upload ${action.name} to ${n(action.accountId)}/${action.container}`;
    case 'sql.execute': {
      const text = action.statement.trim().replace(/\s+/g, ' ');
      return `Run T-SQL in ${action.database} on ${n(action.serverId)}: ${text.length > 80 ? `${text.slice(0, 80)}…` : text}`;
    }
    case 'clock.advance':
      return `Fast-forward the clock ${formatDuration(action.seconds)}`;
    case 'settings.set':
      return 'Change the sandbox settings';
    case 'user.create':
      return `Create user ${action.displayName?.trim() || action.userPrincipalName}`;
    case 'user.actAs':
      return `Act as ${findUser(world, action.user)?.displayName ?? action.user}`;
    case 'token.request':
      return describeTokenRequest(world, action);
    case 'target.call':
      return describeTargetCall(world, action);
    case 'app.create':
      return `Register app ${action.displayName}`;
    case 'app.secret.add':
      return `Add a client secret to ${appName(world, action.app)}`;
    case 'app.secret.remove': {
      const secret = findAppByRef(world, action.app)?.passwordCredentials.find((p) => p.keyId === action.secret.toLowerCase() || p.displayName === action.secret);
      return `Remove the client secret ${secret?.displayName ?? action.secret} from ${appName(world, action.app)}`;
    }
    case 'appRole.assign':
      return `Give ${n(action.assignee)} the app role ${action.role} of ${appName(world, action.app)}`;
    case 'appRole.unassign':
      return `Take the app role ${action.role} of ${appName(world, action.app)} from ${n(action.assignee)}`;
    default:
      return (action as { type: string }).type;
  }
}

/** An app registration as an action names it: client id, app ID URI or display name. */
function findAppByRef(world: World, ref: string): Application | undefined {
  const r = ref.trim().toLowerCase();
  return Object.values(world.applications).find((a) => a.appId === r || a.identifierUris.some((u) => u.toLowerCase() === r) || a.displayName.toLowerCase() === r);
}
const appName = (world: World, ref: string) => `app ${findAppByRef(world, ref)?.displayName ?? ref}`;

function urlParts(url: string): { host: string; path: string; resource?: string } {
  const [base = '', query = ''] = url.split('?');
  const resource = new URLSearchParams(query).get('resource') ?? undefined;
  const m = /^[a-z]+:\/\/([^/]+)(\/[^?]*)?/i.exec(base);
  return { host: m?.[1] ?? base, path: m?.[2] ?? '/', ...(resource ? { resource } : {}) };
}

function describeTokenRequest(world: World, a: TokenRequestAction): string {
  const on = a.from ? ` on ${nameOf(world, a.from)}` : '';
  if (a.clientCredentials) return `Request a token for ${a.clientCredentials.resource} with the client secret of ${appName(world, a.clientCredentials.app)}`;
  if (a.sdk) return `Ask the Azure SDK for a token for ${a.sdk.scopes.join(' and ')}${on}`;
  const r = a.request!;
  const u = urlParts(r.url);
  const endpoint = u.host === '169.254.169.254' ? 'IMDS' : /^\$\{?IDENTITY_ENDPOINT/.test(r.url) || /\/msi\/token$/i.test(u.path) ? 'the local token service' : u.host === 'login.microsoftonline.com' ? 'Entra ID' : u.host;
  const method = r.method.toUpperCase() === 'GET' ? '' : ` with ${r.method.toUpperCase()}`;
  return `Request a token${u.resource ? ` for ${u.resource}` : ''} from ${endpoint}${on}${method}`;
}

function describeTargetCall(world: World, a: TargetCallAction): string {
  const u = urlParts(a.request.url);
  const path = u.path.length > 48 ? `${u.path.slice(0, 45)}...` : u.path;
  const from = a.from ? ` from ${nameOf(world, a.from)}` : '';
  const hasHeader = Object.keys(a.request.headers ?? {}).some((k) => k.toLowerCase() === 'authorization');
  const token = a.authentication
    ? `with its managed identity for ${a.authentication.audience}`
    : a.token === 'latest'
      ? 'with the latest token'
      : a.token
        ? 'with an earlier token'
        : hasHeader
          ? 'with a pasted token'
          : 'with no token';
  return `Call ${u.host}: ${a.request.method.toUpperCase()} ${path}${from}, ${token}`;
}

export interface Consequences {
  deleted: string[];
  orphaned: string[];
  /** Resources whose identity changes: they lose one, or keep listing one that no longer exists. */
  changedResources: string[];
  /** Principals that disappear from Entra ID. */
  principals: string[];
}

/**
 * What a destructive action would do, worded for a confirmation: read from the outcome of applying it
 * to a copy of the world (the simulation is pure, so a preview is just an apply that is not kept).
 */
export function consequences(before: World, outcome: Outcome): Consequences {
  const principals = outcome.deleted.filter((id) => own(before.servicePrincipals, id)).map((id) => `${own(before.servicePrincipals, id)!.displayName} (service principal)`);
  const deleted = outcome.deleted
    .filter((id) => !own(before.servicePrincipals, id) && !/\/providers\/Microsoft\.Authorization\/roleAssignments\//i.test(id))
    .map((id) => {
      const r = getResource(before, id);
      return r ? `${KINDS[r.kind].label} ${displayName(r)}` : `Resource group ${lastSegment(id)}`;
    });
  const describeAssignment = (id: string) => {
    const a = own(before.roleAssignments, lastSegment(id).toLowerCase());
    if (!a) return lastSegment(id);
    const role = findRole(a.roleDefinitionId)?.roleName ?? 'role';
    return `${role} for ${nameOf(before, a.principalId)} at ${lastSegment(a.scope)}`;
  };
  const isAssignment = (id: string) => /\/providers\/Microsoft\.Authorization\/roleAssignments\//i.test(id);
  // "(its scope is deleted)" only when a deleted resource or group is the scope or holds it; removing an assignment deletes only itself.
  const scopeGone = (id: string) => {
    const scope = before.roleAssignments[lastSegment(id).toLowerCase()]?.scope.toLowerCase();
    return !!scope && outcome.deleted.some((d) => !isAssignment(d) && (scope === d.toLowerCase() || scope.startsWith(`${d.toLowerCase()}/`)));
  };
  const removedAssignments = outcome.deleted.filter(isAssignment).map((id) => `Role assignment ${describeAssignment(id)}${scopeGone(id) ? ' (its scope is deleted)' : ''}`);
  return {
    deleted: [...deleted, ...removedAssignments],
    orphaned: outcome.orphaned.map(describeAssignment),
    changedResources: outcome.changed.filter((id) => !outcome.deleted.includes(id)).map((id) => nameOf(before, id)),
    principals,
  };
}
