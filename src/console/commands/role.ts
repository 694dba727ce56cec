// az role: role assignments and definitions.
import { boolArg } from '../argv.ts';
import { assignmentJson, assignmentTable, roleDefinitionJson } from '../shapes.ts';
import { CliError, type CommandSpec, type GroupSpec, type Param } from '../spec.ts';
import { assignmentsAt, BUILT_IN_ROLES, defaultSubscription, findRole } from '../../sim/index.ts';
import { list, resolveAssignee, RG_OPTIONAL, roleRef, scopeArg, str, YES } from './shared.ts';

const ASSIGNEE: Param = { names: ['--assignee'], dest: 'assignee', complete: 'assignee', help: 'Represent a user, group, or service principal. Supported format: object id, user sign-in name, or service principal name.' };
const ROLE: Param = { names: ['--role'], dest: 'role', complete: 'role', help: 'Role name or id.' };
const SCOPE: Param = { names: ['--scope'], dest: 'scope', complete: 'scope', help: 'Scope at which the role assignment or definition applies to.' };

export const groups: GroupSpec[] = [
  { name: 'role', summary: 'Manage Azure role-based access control (Azure RBAC).' },
  { name: 'role assignment', summary: 'Manage role assignments.' },
  { name: 'role definition', summary: 'Manage role definitions.' },
];

export const commands: CommandSpec[] = [
  {
    name: 'role assignment create',
    summary: 'Create a new role assignment for a user, group, or service principal.',
    params: [
      { ...ROLE, required: true },
      { names: ['--scope'], dest: 'scope', required: true, complete: 'scope', help: 'Scope at which the role assignment or definition applies to, e.g., /subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333, /subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333/resourceGroups/myGroup, or /subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333/resourceGroups/myGroup/providers/Microsoft.Compute/virtualMachines/myVM.' },
      ASSIGNEE,
      { names: ['--assignee-object-id'], dest: 'assignee_object_id', complete: 'principal', help: "Use this parameter instead of '--assignee' to bypass Graph API invocation in case of insufficient privileges. This parameter only works with object ids for users, groups, service principals, and managed identities." },
      { names: ['--assignee-principal-type'], dest: 'assignee_principal_type', choices: ['ForeignGroup', 'Group', 'ServicePrincipal', 'User'], help: 'Use with --assignee-object-id to avoid errors caused by propagation latency in Microsoft Graph.' },
      { names: ['--name'], dest: 'assignment_name', help: 'A GUID for the role assignment. It must be unique and different for each role assignment. If omitted, a new GUID is generated.' },
    ],
    examples: [{ summary: "Let a managed identity read a vault's secrets.", command: 'az role assignment create --assignee-object-id <principalId> --assignee-principal-type ServicePrincipal --role "Key Vault Secrets User" --scope <vault id>' }],
    async run(ctx) {
      const world = ctx.host.world();
      const oid = str(ctx, 'assignee_object_id');
      const assignee = str(ctx, 'assignee');
      // role/custom.py create_role_assignment, in its order.
      if (!oid === !assignee) throw new CliError('usage error: --assignee STRING | --assignee-object-id GUID');
      if (str(ctx, 'assignee_principal_type') && !oid) throw new CliError('usage error: --assignee-object-id GUID --assignee-principal-type TYPE');
      if (oid && !str(ctx, 'assignee_principal_type')) ctx.warn('RBAC service might reject creating role assignment without --assignee-principal-type in the future. Better to specify --assignee-principal-type manually.');
      const principal = oid ?? resolveAssignee(world, assignee!);
      const before = new Set(Object.keys(world.roleAssignments));
      const name = str(ctx, 'assignment_name');
      await ctx.act({ type: 'roleAssignment.create', scope: str(ctx, 'scope')!, role: roleRef(str(ctx, 'role')!), assignee: principal, ...(name ? { name } : {}) });
      const after = ctx.host.world();
      const created = Object.values(after.roleAssignments).find((a) => !before.has(a.name.toLowerCase()) && !before.has(a.name));
      return created ? assignmentJson(after, created) : undefined;
    },
  },
  {
    name: 'role assignment list',
    summary: 'List role assignments.',
    long: 'By default, only assignments scoped to subscription will be displayed. To view assignments scoped by resource or group, use `--all`.',
    params: [
      ASSIGNEE,
      ROLE,
      SCOPE,
      RG_OPTIONAL,
      { names: ['--all'], dest: 'all', kind: 'flag', help: 'Show all assignments under the current subscription.' },
      { names: ['--include-inherited'], dest: 'include_inherited', kind: 'flag', help: 'Include assignments applied on parent scopes.' },
    ],
    examples: [{ summary: 'Everything granted in the subscription, as a table.', command: 'az role assignment list --all -o table' }],
    run(ctx) {
      const world = ctx.host.world();
      const scope = scopeArg(ctx);
      const all = !!ctx.args.all && !scope;
      const target = scope ?? defaultSubscription(world).id;
      const inherited = !!ctx.args.include_inherited;
      let found = all
        ? Object.values(world.roleAssignments)
        : assignmentsAt(world, target.startsWith('/resourceGroups/') ? `${defaultSubscription(world).id}${target}` : target)
            .filter((x) => inherited || !x.inherited)
            .map((x) => x.assignment);
      const assignee = str(ctx, 'assignee');
      if (assignee) {
        const oid = resolveAssignee(world, assignee);
        found = found.filter((a) => a.principalId === oid);
      }
      const role = str(ctx, 'role');
      if (role) {
        const def = findRole(roleRef(role))!;
        found = found.filter((a) => a.roleDefinitionId.toLowerCase().endsWith(def.name));
      }
      return found.map((a) => assignmentJson(world, a, true));
    },
    table: assignmentTable,
  },
  {
    name: 'role assignment delete',
    summary: 'Delete role assignments.',
    params: [
      { names: ['--ids'], dest: 'ids', kind: 'list', help: 'Space-separated role assignment ids.' },
      ASSIGNEE,
      ROLE,
      SCOPE,
      RG_OPTIONAL,
      YES,
    ],
    examples: [{ summary: 'Remove every assignment of a deleted identity (principalName "").', command: 'az role assignment delete --ids <assignment id>' }],
    async run(ctx) {
      const world = ctx.host.world();
      let targets: string[];
      const ids = list(ctx, 'ids');
      if (ids?.length) targets = ids;
      else {
        const scope = scopeArg(ctx);
        const assignee = str(ctx, 'assignee');
        const role = str(ctx, 'role');
        if (!scope && !assignee && !role) throw new CliError('Please provide at least one of these parameters: --ids, --assignee, --role, --resource-group, --scope');
        const oid = assignee ? ((world.servicePrincipals[assignee.toLowerCase()] ? assignee.toLowerCase() : null) ?? (/^[0-9a-f-]{36}$/i.test(assignee) ? assignee.toLowerCase() : resolveAssignee(world, assignee))) : undefined;
        const def = role ? findRole(roleRef(role)) : undefined;
        const expanded = scope?.startsWith('/resourceGroups/') ? `${defaultSubscription(world).id}${scope}` : scope;
        targets = Object.values(world.roleAssignments)
          .filter((a) => (!expanded || a.scope.toLowerCase() === expanded.toLowerCase()) && (!oid || a.principalId === oid) && (!def || a.roleDefinitionId.toLowerCase().endsWith(def.name)))
          .map((a) => a.id);
      }
      // azure-cli raises a CLIError here (exit code 1), in role/custom.py delete_role_assignments.
      if (!targets.length) throw new CliError('No matched assignments were found to delete');
      for (const id of targets) await ctx.act({ type: 'roleAssignment.delete', id });
      return undefined;
    },
  },
  {
    name: 'role definition list',
    summary: 'List role definitions.',
    params: [{ names: ['--name'], dest: 'name', complete: 'role', help: "A role's name or id." }, { names: ['--custom-role-only'], dest: 'custom', kind: 'optional-list', help: 'Custom roles only(vs. build-in ones).' }],
    examples: [{ summary: 'What may a role do?', command: 'az role definition list --name "Key Vault Secrets User"' }],
    run(ctx) {
      const world = ctx.host.world();
      if (ctx.args.custom !== undefined && boolArg(ctx.args.custom, true)) return [];
      const name = str(ctx, 'name');
      if (name) return findRole(name) ? [roleDefinitionJson(world, name)] : [];
      return BUILT_IN_ROLES.map((r) => roleDefinitionJson(world, r.name));
    },
    table: (result) => (result as Record<string, unknown>[]).map((r) => ({ Name: r.roleName, Type: r.type, Description: r.description })),
  },
];
