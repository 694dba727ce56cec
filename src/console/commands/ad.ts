// az ad: Microsoft Entra service principals and app registrations, through Microsoft Graph.
import { GUID_PATTERN_LOOSE } from '../words.ts';
import { appJson, spJson } from '../shapes.ts';
import { CliError, type CommandSpec, type GroupSpec } from '../spec.ts';
import { jsonValue, list, str } from './shared.ts';
import { findUser, type TenantUser } from '../../sim/index.ts';

export const groups: GroupSpec[] = [
  { name: 'ad', summary: 'Manage Microsoft Entra ID (formerly known as Azure Active Directory, Azure AD, AAD) entities needed for Azure role-based access control (Azure RBAC) through Microsoft Graph API.' },
  { name: 'ad app', summary: 'Manage Microsoft Entra applications.' },
  { name: 'ad sp', summary: 'Manage Microsoft Entra service principals.' },
  { name: 'ad user', summary: 'Manage Microsoft Entra users.' },
];

export const commands: CommandSpec[] = [
  {
    name: 'ad user create',
    summary: 'Create a user.',
    long: 'The sandbox accepts --password and ignores it: nobody signs in with a password here (`az login --username` acts as the user without asking for one).',
    params: [
      { names: ['--display-name'], dest: 'display_name', required: true, help: 'Object\'s display name or its prefix.' },
      { names: ['--password'], dest: 'password', required: true, help: 'The password that should be assigned to the user for authentication. (Accepted and ignored: the sandbox keeps no passwords.)' },
      { names: ['--user-principal-name'], dest: 'user_principal_name', required: true, help: "The user principal name (someuser@contoso.com). It must contain one of the verified domains for the tenant." },
      { names: ['--force-change-password-next-sign-in'], dest: 'force_change', choices: ['true', 'false'], ignored: true, help: 'Marks this user as needing to update their password the next time they authenticate (not modelled).' },
      { names: ['--mail-nickname'], dest: 'mail_nickname', ignored: true, help: 'Mail alias. Defaults to user principal name (not modelled).' },
    ],
    examples: [{ summary: 'Create a user (the sandbox ignores the password).', command: "az ad user create --display-name 'Ana Lopez' --user-principal-name ana@contoso.onmicrosoft.com --password 'Not-used-1'" }],
    async run(ctx) {
      const upn = str(ctx, 'user_principal_name')!;
      await ctx.act({ type: 'user.create', userPrincipalName: upn, displayName: str(ctx, 'display_name')! });
      const u = findUser(ctx.host.world(), upn)!;
      return userJson(u);
    },
  },
  {
    name: 'ad sp show',
    summary: 'Get the details of a service principal.',
    params: [{ names: ['--id'], dest: 'id', required: true, complete: 'principal', help: 'Service principal name, or object id.' }],
    examples: [{ summary: "A VM's system-assigned identity: same name as the VM.", command: 'az ad sp show --id <principalId> --query displayName' }],
    run(ctx) {
      const world = ctx.host.world();
      const id = str(ctx, 'id')!;
      const lower = id.toLowerCase();
      // role/custom.py _resolve_service_principal: a servicePrincipalName (app id, identifier URI) first, then an
      // object id. A name that matches nothing: "Service principal '...' doesn't exist" with status 404, so exit 3
      // (test_sp_show_exit_code). An object id Graph does not have: Graph's Request_ResourceNotFound, also exit 3.
      const sp = Object.values(world.servicePrincipals).find((p) => p.servicePrincipalNames.some((n) => n.toLowerCase() === lower)) ?? world.servicePrincipals[lower];
      if (!sp && !GUID_PATTERN_LOOSE.test(id)) throw new CliError(`Service principal '${id}' doesn't exist`, 3);
      if (!sp) throw new CliError(`Resource '${id}' does not exist or one of its queried reference-property objects are not present.`, 3);
      return spJson(world, sp);
    },
  },
  {
    name: 'ad sp list',
    summary: 'List service principals.',
    long: "Filters the sandbox understands: \"servicePrincipalType eq 'ManagedIdentity'\", \"displayName eq 'name'\", \"appId eq '<guid>'\", joined with and.",
    params: [{ names: ['--filter'], dest: 'filter', help: 'OData filter, e.g. --filter "displayname eq \'test\' and servicePrincipalType eq \'Application\'".' }, { names: ['--display-name'], dest: 'display_name', help: "Object's display name or its prefix." }, { names: ['--all'], dest: 'all', kind: 'flag', help: 'List all entities, expect long delay if under a big organization.' }],
    examples: [{ summary: 'All managed identities in the tenant.', command: `az ad sp list --filter "servicePrincipalType eq 'ManagedIdentity'" -o table` }],
    run(ctx) {
      const world = ctx.host.world();
      let sps = Object.values(world.servicePrincipals);
      const filter = str(ctx, 'filter');
      const display = str(ctx, 'display_name');
      if (!filter && !display && !ctx.args.all) ctx.warn("The result is not complete. You can still use '--all' to get all of them with long latency expected, or provide a filter through command arguments");
      if (display) sps = sps.filter((s) => s.displayName.toLowerCase().startsWith(display.toLowerCase()));
      if (filter) {
        for (const clause of filter.split(/\s+and\s+/i)) {
          const m = /^\s*(\w+)\s+eq\s+'([^']*)'\s*$/i.exec(clause);
          const prop = m?.[1]?.toLowerCase();
          if (!m || !['serviceprincipaltype', 'displayname', 'appid'].includes(prop!)) throw new CliError(`The sandbox's directory understands only "<property> eq '<value>'" filters on servicePrincipalType, displayName and appId (joined with and); '${clause.trim()}' is not one.`);
          const value = m[2]!;
          sps = sps.filter((s) => (prop === 'serviceprincipaltype' ? s.servicePrincipalType === value : prop === 'displayname' ? s.displayName === value : s.appId === value.toLowerCase()));
        }
      }
      return sps.map((s) => spJson(world, s));
    },
    table: (result) => (result as Record<string, unknown>[]).map((s) => ({ DisplayName: s.displayName, Id: s.id, AppId: s.appId, CreatedDateTime: s.createdDateTime })),
  },
  {
    name: 'ad app create',
    summary: 'Create an application.',
    params: [
      { names: ['--display-name'], dest: 'display_name', required: true, help: 'The display name of the application.' },
      { names: ['--identifier-uris'], dest: 'identifier_uris', kind: 'list', help: 'Space-separated values. Also known as App ID URI.' },
      { names: ['--app-roles'], dest: 'app_roles', help: 'Declare the roles you want to associate with your application. Should be in manifest json format. (The sandbox has no files: give the JSON inline.)' },
    ],
    examples: [
      { summary: 'Register an API.', command: 'az ad app create --display-name orders-api --identifier-uris api://orders-api' },
      { summary: 'Register an API with an app role a managed identity can be given.', command: `az ad app create --display-name orders-api --app-roles '[{"allowedMemberTypes": ["Application"], "description": "Read orders", "displayName": "Orders.Read", "isEnabled": "true", "value": "Orders.Read"}]'` },
    ],
    async run(ctx) {
      const uri = list(ctx, 'identifier_uris')?.[0];
      const displayName = str(ctx, 'display_name')!;
      const appRoles = appRolesArg(str(ctx, 'app_roles'));
      await ctx.act({ type: 'app.create', displayName, ...(uri ? { appIdUri: uri } : {}), ...(appRoles ? { appRoles } : {}) });
      const app = Object.values(ctx.host.world().applications).filter((a) => a.displayName === displayName).pop();
      return app ? appJson(app) : undefined;
    },
  },
];

/** --app-roles: the manifest's JSON list (azure-cli reads it with shell_safe_json_parse). */
function appRolesArg(raw: string | undefined) {
  if (raw === undefined) return undefined;
  const parsed = jsonValue(raw);
  if (!Array.isArray(parsed)) throw new CliError('--app-roles takes a JSON list of app roles. (Sandbox wording.)');
  return parsed.map((r: Record<string, unknown>) => ({
    value: String(r.value ?? ''),
    ...(typeof r.displayName === 'string' ? { displayName: r.displayName } : {}),
    ...(typeof r.description === 'string' ? { description: r.description } : {}),
    ...(Array.isArray(r.allowedMemberTypes) ? { allowedMemberTypes: r.allowedMemberTypes.filter((t): t is 'Application' | 'User' => t === 'Application' || t === 'User') } : {}),
  }));
}

/** A user as Microsoft Graph returns it to `az ad user create|show` (the properties the sandbox keeps; the rest null). */
export function userJson(u: TenantUser) {
  return { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users/$entity', businessPhones: [], displayName: u.displayName, givenName: null, id: u.id, jobTitle: null, mail: null, mobilePhone: null, officeLocation: null, preferredLanguage: null, surname: null, userPrincipalName: u.userPrincipalName };
}
