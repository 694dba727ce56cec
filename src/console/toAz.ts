// The command behind every click: the az (or curl) command line that does what a panel action does,
// worded for the world as it was before the action. Actions az has no command for (the sandbox clock,
// its settings, SDK calls) come back as null; a session script names them in a comment instead.
import { joinWords } from './shell.ts';
import { GUID_PATTERN_LOOSE, curlWords } from './words.ts';
import {
  DEFAULT_LOCATION,
  defaultSubscription,
  describeAction,
  findRole,
  findUser,
  getResource,
  isSource,
  type Action,
  type Resource,
  type World,
} from '../sim/index.ts';

const expand = (world: World, id: string) => (/^\/resourcegroups\//i.test(id) ? `/subscriptions/${defaultSubscription(world).subscriptionId}${id}` : id);

/** The az command group for a compute resource, and how its slot is named. */
function siteArgs(world: World, r: Resource): { group: string; args: string[] } | null {
  if (r.kind === 'vm') return { group: 'vm', args: ['-g', r.resourceGroup, '-n', r.name] };
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
        default:
          return null; // logic apps and container apps: not modelled in the console
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
        default:
          return null;
      }
    }
    case 'identity.system.enable':
    case 'identity.system.disable':
    case 'identity.user.assign':
    case 'identity.user.unassign': {
      const r = getResource(world, action.resourceId);
      const s = r && siteArgs(world, r);
      if (!s) return null;
      const verb = action.type.endsWith('enable') || action.type.endsWith('.assign') ? 'assign' : 'remove';
      const ids = 'identityId' in action ? ['--identities', expand(world, action.identityId)] : [];
      return line(s.group, 'identity', verb, ...s.args, ...ids);
    }
    case 'roleAssignment.create': {
      const role = findRole(action.role)?.roleName ?? action.role;
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
      return a ? line('storage', 'blob', 'upload', '--account-name', a.name, '-c', action.container, '-n', action.name, '--data', action.content, '--auth-mode', 'login') : null;
    }
    case 'app.create':
      return line('ad', 'app', 'create', '--display-name', action.displayName, ...(typeof action.appIdUri === 'string' ? ['--identifier-uris', action.appIdUri] : []));
    case 'token.request':
    case 'target.call': {
      if (!action.from || !action.request) return null;
      if (action.type === 'target.call' && (action.token || action.authentication)) return null; // the token itself is not in a command line
      const r = getResource(world, action.from);
      if (!r) return null;
      const curl = joinWords(curlWords(action.request));
      if (r.kind === 'vm') return line('vm', 'run-command', 'invoke', '-g', r.resourceGroup, '-n', r.name, '--command-id', 'RunShellScript', '--scripts', curl);
      const s = siteArgs(world, r);
      if (!s || s.group === 'vm') return null;
      return `${line('webapp', 'ssh', ...s.args)}\n${curl}\nexit`;
    }
    default:
      return null;
  }
}

/** A whole session as a script: one command per action, a comment for what az has no command for. */
export function sessionScript(baseWorld: World, steps: { action: Action; world: World }[], title = 'Managed Identity Sandbox session'): string {
  const lines = [`# ${title}`, '# Paste into the console to rebuild this sandbox (ids differ on real Azure).', ''];
  let before = baseWorld;
  for (const step of steps) {
    const cmd = toAz(before, step.action);
    lines.push(cmd ?? `# ${describeAction(before, step.action)} (no az command for this in the sandbox)`);
    before = step.world;
  }
  return `${lines.join('\n')}\n`;
}
