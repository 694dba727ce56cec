// The command behind every click: the az (or curl) command line that does what a panel action does,
// worded for the world as it was before the action. Actions az has no command for (the sandbox clock,
// its settings, SDK calls) come back as null; a session script names them in a comment instead.
import { joinWords } from './shell.ts';
import { GUID_PATTERN_LOOSE, curlWords } from './words.ts';
import { sqlcmdWords } from './sqlcmd.ts';
import {
  DEFAULT_LOCATION,
  defaultSubscription,
  describeAction,
  findRole,
  actingUser,
  findUser,
  getResource,
  isSource,
  KINDS,
  FIRST_PARTY_APPS,
  type Action,
  type Resource,
  type World,
} from '../sim/index.ts';

const expand = (world: World, id: string) => (/^\/resourcegroups\//i.test(id) ? `/subscriptions/${defaultSubscription(world).subscriptionId}${id}` : id);

/** The az command group for a compute resource, and how its slot is named. */
function siteArgs(world: World, r: Resource): { group: string; args: string[] } | null {
  if (r.kind === 'vm') return { group: 'vm', args: ['-g', r.resourceGroup, '-n', r.name] };
  if (r.kind === 'vmss') return { group: 'vmss', args: ['-g', r.resourceGroup, '-n', r.name] };
  if (r.kind === 'webApp') return { group: 'webapp', args: ['-g', r.resourceGroup, '-n', r.name] };
  if (r.kind === 'functionApp') return { group: 'functionapp', args: ['-g', r.resourceGroup, '-n', r.name] };
  if (r.kind === 'slot') {
    const [app, slot] = r.name.split('/') as [string, string];
    const parent = r.parentId ? getResource(world, r.parentId) : undefined;
    return { group: parent?.kind === 'functionApp' ? 'functionapp' : 'webapp', args: ['-g', r.resourceGroup, '-n', app, '--slot', slot] };
  }
  return null;
}

/** A principal id for an assignee as a role assignment action names it (object id, app id or resource id). */
function principalOf(world: World, assignee: string): string {
  if (GUID_PATTERN_LOOSE.test(assignee)) {
    const id = assignee.toLowerCase();
    if (world.servicePrincipals[id]) return id;
    return Object.values(world.servicePrincipals).find((s) => s.appId === id)?.id ?? id;
  }
  const r = getResource(world, assignee);
  if (r?.kind === 'userAssignedIdentity') return r.principalId;
  if (isSource(r) && r.identity.systemAssigned) return r.identity.systemAssigned.principalId;
  return assignee;
}

/** An empty Consumption workflow, for `az logic workflow create --definition` (the sandbox keeps no definition). */
const EMPTY_WORKFLOW = JSON.stringify({ definition: { $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#', contentVersion: '1.0.0.0', triggers: {}, actions: {}, outputs: {} } });
/** The image `az containerapp create` uses when none is given. */
const HELLO_WORLD_IMAGE = 'mcr.microsoft.com/azuredocs/containerapps-helloworld:latest';

/** An app registration as an action names it: client id, display name or app ID URI. */
function appOf(world: World, ref: string) {
  const r = ref.trim().toLowerCase();
  // Microsoft Graph is no app registration of the tenant, but its app roles are granted the same way.
  const apps = [...Object.values(world.applications), ...FIRST_PARTY_APPS];
  return world.applications[r] ?? apps.find((a) => a.appId === r) ?? apps.find((a) => a.identifierUris.some((u) => u.toLowerCase() === r)) ?? apps.find((a) => a.displayName.toLowerCase() === r);
}

/** The command line for one action (several lines for a shell on a resource), or null when az has none. */
export function toAz(world: World, action: Action): string | null {
  const line = (...words: string[]) => joinWords(['az', ...words]);
  switch (action.type) {
    case 'resourceGroup.create':
      return line('group', 'create', '-n', action.name, '-l', action.location ?? DEFAULT_LOCATION);
    case 'resourceGroup.delete':
      return line('group', 'delete', '-n', action.name, '--yes');
    case 'resource.create': {
      const base = ['-g', action.resourceGroup, '-n', action.name, ...(action.location ? ['-l', action.location] : [])];
      const ids = [...(action.identity?.systemAssigned ? ['[system]'] : []), ...(action.identity?.userAssigned ?? []).map((id) => expand(world, id))];
      const assign = ids.length ? ['--assign-identity', ...ids] : [];
      switch (action.kind) {
        case 'vm':
          return line('vm', 'create', ...base, '--image', 'Ubuntu2204', ...assign);
        case 'vmss':
          return line('vmss', 'create', ...base, '--image', 'Ubuntu2204', ...assign);
        case 'serviceBusNamespace':
          // The sandbox makes the queues in the same step; az makes each with its own command. Creating a
          // namespace that exists changes nothing in the sandbox, so its queues are not printed then.
          if (getResource(world, `/subscriptions/${defaultSubscription(world).subscriptionId}/resourceGroups/${action.resourceGroup}/providers/${KINDS.serviceBusNamespace.type}/${action.name}`)) return line('servicebus', 'namespace', 'create', ...base);
          return [line('servicebus', 'namespace', 'create', ...base), ...(action.queues ?? []).map((q) => line('servicebus', 'queue', 'create', '-g', action.resourceGroup, '--namespace-name', action.name, '-n', q))].join('\n');
        case 'sqlServer': {
          // The sandbox makes the database in the same step and makes you (the acting user) the Entra admin.
          const admin = actingUser(world);
          const server = line('sql', 'server', 'create', ...base, '--enable-ad-only-auth', '--external-admin-principal-type', 'User', '--external-admin-name', admin.userPrincipalName, '--external-admin-sid', admin.id);
          const exists = getResource(world, `/subscriptions/${defaultSubscription(world).subscriptionId}/resourceGroups/${action.resourceGroup}/providers/${KINDS.sqlServer.type}/${action.name}`);
          return action.database === undefined || exists ? server : `${server}\n${line('sql', 'db', 'create', '-g', action.resourceGroup, '-s', action.name, '-n', action.database)}`;
        }
        case 'webApp':
          return line('webapp', 'create', ...base, '-p', `${action.name}-plan`, ...assign);
        case 'functionApp':
          return line('functionapp', 'create', ...base, '-s', 'storage', '-c', action.location ?? DEFAULT_LOCATION, ...assign);
        case 'keyVault':
          return line('keyvault', 'create', ...base, ...(action.permissionModel === 'accessPolicy' ? ['--enable-rbac-authorization', 'false'] : []));
        case 'storageAccount':
          return line('storage', 'account', 'create', ...base);
        case 'userAssignedIdentity':
          return line('identity', 'create', ...base);
        case 'logicApp': {
          const users = (action.identity?.userAssigned ?? []).map((id) => expand(world, id));
          return line('logic', 'workflow', 'create', ...base, '--definition', EMPTY_WORKFLOW, ...(action.identity?.systemAssigned ? ['--mi-system-assigned'] : []), ...(users.length ? ['--mi-user-assigned', ...users] : []));
        }
        case 'containerApp': {
          const users = (action.identity?.userAssigned ?? []).map((id) => expand(world, id));
          // On Azure a container app takes its environment's location; the sandbox's -l stands in for it.
          const rg = Object.values(world.resourceGroups).find((g) => g.name.toLowerCase() === action.resourceGroup.toLowerCase());
          const where = action.location && action.location.toLowerCase() !== rg?.location.toLowerCase() ? ['-l', action.location] : [];
          return line('containerapp', 'create', '-n', action.name, '-g', action.resourceGroup, '--environment', `${action.resourceGroup}-env`, '--image', HELLO_WORLD_IMAGE, ...(action.identity?.systemAssigned ? ['--system-assigned'] : []), ...(users.length ? ['--user-assigned', ...users] : []), ...where);
        }
        default:
          return null;
      }
    }
    case 'slot.create': {
      const site = getResource(world, action.siteId);
      if (!site || site.kind !== 'webApp') return null;
      return line('webapp', 'deployment', 'slot', 'create', '-g', site.resourceGroup, '-n', site.name, '--slot', action.name);
    }
    case 'resource.delete': {
      const r = getResource(world, action.id);
      if (!r) return null;
      const gn = ['-g', r.resourceGroup, '-n', r.name];
      switch (r.kind) {
        case 'vm':
          return line('vm', 'delete', ...gn, '--yes');
        case 'vmss':
          return line('vmss', 'delete', ...gn);
        case 'serviceBusNamespace':
          return line('servicebus', 'namespace', 'delete', ...gn);
        case 'webApp':
          return line('webapp', 'delete', ...gn);
        case 'functionApp':
          return line('functionapp', 'delete', ...gn);
        case 'keyVault':
          return line('keyvault', 'delete', ...gn);
        case 'storageAccount':
          return line('storage', 'account', 'delete', ...gn, '--yes');
        case 'userAssignedIdentity':
          return line('identity', 'delete', ...gn);
        case 'sqlServer':
          return line('sql', 'server', 'delete', ...gn, '--yes');
        case 'logicApp':
          return line('logic', 'workflow', 'delete', ...gn, '--yes');
        case 'containerApp':
          return line('containerapp', 'delete', ...gn, '--yes');
        default:
          return null;
      }
    }
    case 'identity.system.enable':
    case 'identity.system.disable':
    case 'identity.user.assign':
    case 'identity.user.unassign': {
      const r = getResource(world, action.resourceId);
      const verb = action.type.endsWith('enable') || action.type.endsWith('.assign') ? 'assign' : 'remove';
      const which = 'identityId' in action ? ['--user-assigned', expand(world, action.identityId)] : ['--system-assigned'];
      // The logic extension's identity commands take --name only; containerapp's take -n.
      if (r?.kind === 'logicApp') return line('logic', 'workflow', 'identity', verb, '-g', r.resourceGroup, '--name', r.name, ...which);
      if (r?.kind === 'containerApp') return line('containerapp', 'identity', verb, '-n', r.name, '-g', r.resourceGroup, ...which);
      const s = r && siteArgs(world, r);
      if (!s) return null;
      const ids = 'identityId' in action ? ['--identities', expand(world, action.identityId)] : [];
      return line(s.group, 'identity', verb, ...s.args, ...ids);
    }
    case 'roleAssignment.create': {
      const role = findRole(action.role)?.roleName ?? action.role;
      // By object id with its principal type, users too (the console also takes `--assignee <sign-in name>`).
      const user = findUser(world, action.assignee);
      return line('role', 'assignment', 'create', '--assignee-object-id', user?.id ?? principalOf(world, action.assignee), '--assignee-principal-type', user ? 'User' : 'ServicePrincipal', '--role', role, '--scope', expand(world, action.scope), ...(action.name ? ['--name', action.name] : []));
    }
    case 'roleAssignment.delete': {
      const a = world.roleAssignments[action.id.toLowerCase()] ?? Object.values(world.roleAssignments).find((x) => x.id.toLowerCase() === action.id.toLowerCase());
      return line('role', 'assignment', 'delete', '--ids', a?.id ?? action.id);
    }
    case 'keyVault.setPermissionModel': {
      const v = getResource(world, action.vaultId);
      return v ? line('keyvault', 'update', '-n', v.name, '--enable-rbac-authorization', action.model === 'rbac' ? 'true' : 'false') : null;
    }
    case 'keyVault.accessPolicy.set': {
      const v = getResource(world, action.vaultId);
      if (!v) return null;
      const oid = principalOf(world, action.assignee);
      return action.secrets.length ? line('keyvault', 'set-policy', '-n', v.name, '--object-id', oid, '--secret-permissions', ...action.secrets) : line('keyvault', 'delete-policy', '-n', v.name, '--object-id', oid);
    }
    case 'keyVault.secret.set': {
      const v = getResource(world, action.vaultId);
      return v ? line('keyvault', 'secret', 'set', '--vault-name', v.name, '-n', action.name, '--value', action.value) : null;
    }
    case 'storage.container.create': {
      const a = getResource(world, action.accountId);
      return a ? line('storage', 'container', 'create', '--account-name', a.name, '-n', action.name, '--auth-mode', 'login') : null;
    }
    case 'storage.blob.upload': {
      const a = getResource(world, action.accountId);
      if (!a) return null;
      // az refuses to replace a blob unless told to (--overwrite defaults to false).
      const exists = a.kind === 'storageAccount' && !!a.containers[action.container]?.blobs[action.name];
      return line('storage', 'blob', 'upload', '--account-name', a.name, '-c', action.container, '-n', action.name, '--data', action.content, '--auth-mode', 'login', ...(exists ? ['--overwrite'] : []));
    }
    case 'sql.execute': {
      // T-SQL has no az command: sqlcmd (Go) signed in with Microsoft Entra ID runs it.
      const server = getResource(world, action.serverId);
      return server?.kind === 'sqlServer' ? joinWords(sqlcmdWords(server.fullyQualifiedDomainName, action.database, action.statement)) : null;
    }
    case 'app.create': {
      const roles = action.appRoles?.map((r) => ({ allowedMemberTypes: r.allowedMemberTypes ?? ['Application'], description: r.description ?? r.displayName ?? r.value, displayName: r.displayName ?? r.value, isEnabled: true, value: r.value }));
      return line('ad', 'app', 'create', '--display-name', action.displayName, ...(typeof action.appIdUri === 'string' ? ['--identifier-uris', action.appIdUri] : []), ...(roles?.length ? ['--app-roles', JSON.stringify(roles)] : []));
    }
    case 'appRole.assign':
    case 'appRole.unassign': {
      // There is no az command for an app role assignment: az rest to Microsoft Graph is how it is done.
      const app = appOf(world, action.app);
      const role = app?.appRoles.find((r) => r.value === action.role || r.id === action.role.toLowerCase());
      if (!app || !role) return null;
      const principalId = principalOf(world, action.assignee);
      const url = `https://graph.microsoft.com/v1.0/servicePrincipals/${principalId}/appRoleAssignments`;
      if (action.type === 'appRole.assign') return line('rest', '--method', 'POST', '--url', url, '--body', JSON.stringify({ principalId, resourceId: app.servicePrincipalId, appRoleId: role.id }));
      const existing = Object.values(world.appRoleAssignments).find((x) => x.principalId === principalId && x.resourceId === app.servicePrincipalId && x.appRoleId === role.id);
      return existing ? line('rest', '--method', 'DELETE', '--url', `${url}/${existing.id}`) : null;
    }
    case 'user.create':
      return `${line('ad', 'user', 'create', '--display-name', action.displayName?.trim() || action.userPrincipalName.slice(0, action.userPrincipalName.lastIndexOf('@')), '--user-principal-name', action.userPrincipalName.trim(), '--password', '<password>')}  # sandbox: the password is ignored`;
    case 'user.actAs': {
      const user = findUser(world, action.user);
      return user ? `${line('login', '--username', user.userPrincipalName)}  # sandbox: asks no password (az prompts for one)` : null;
    }
    case 'token.request':
    case 'target.call': {
      if (!action.from || !action.request) return null;
      if (action.type === 'target.call' && (action.token || action.authentication)) return null; // the token itself is not in a command line
      const r = getResource(world, action.from);
      if (!r) return null;
      const curl = joinWords(curlWords(action.request));
      if (r.kind === 'vm') return line('vm', 'run-command', 'invoke', '-g', r.resourceGroup, '-n', r.name, '--command-id', 'RunShellScript', '--scripts', curl);
      if (r.kind === 'vmss') return line('vmss', 'run-command', 'invoke', '-g', r.resourceGroup, '-n', r.name, '--command-id', 'RunShellScript', '--instance-id', '0', '--scripts', curl);
      const s = siteArgs(world, r);
      if (!s || s.group === 'vm' || s.group === 'vmss') return null;
      return `${line('webapp', 'ssh', ...s.args)}\n${curl}\nexit`;
    }
    default:
      return null;
  }
}

/**
 * What to show for an action az has no command for: a comment, marked as the sandbox's own, that says
 * why (time and the sandbox's settings have no Azure counterpart; SDK calls happen in code).
 */
export function sandboxOnly(world: World, action: Action): string {
  switch (action.type) {
    case 'clock.advance':
      return `# sandbox only: ${describeAction(world, action)}. There is no az command for time: on Azure it simply passes.`;
    case 'settings.set':
      return `# sandbox only: ${describeAction(world, action)} (propagation delay, token cache). Azure has no such switch.`;
    default:
      return `# ${describeAction(world, action)} (no az command for this in the sandbox)`;
  }
}

/** The command behind an action: its az command line, or the sandbox-only comment that says there is none. */
export function commandBehind(world: World, action: Action): string {
  return toAz(world, action) ?? sandboxOnly(world, action);
}

/** A whole session as a script: one command per action, a comment for what az has no command for. */
export function sessionScript(baseWorld: World, steps: { action: Action; world: World }[], title = 'Managed Identity Sandbox session'): string {
  const lines = [`# ${title}`, '# Paste into the console to rebuild this sandbox (ids differ on real Azure).', '# Lines starting with # are comments: the console skips them.', ''];
  let before = baseWorld;
  for (const step of steps) {
    lines.push(commandBehind(before, step.action));
    before = step.world;
  }
  return `${lines.join('\n')}\n`;
}
