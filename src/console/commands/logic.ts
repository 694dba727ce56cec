// az logic workflow (the logic extension, azext_logic: custom.py WorkflowCreate, IdentityAssign, IdentityRemove).
import { boolArg } from '../argv.ts';
import { identityActions } from '../identity.ts';
import { resourceJson } from '../shapes.ts';
import { CliError, type CommandSpec, type GroupSpec, type Param } from '../spec.ts';
import { armIdentity, getResource, resourceId, type SourceResource } from '../../sim/index.ts';
import { confirmed, createResource, find, group, identityOf, identityRef, jsonValue, list, LOCATION, noSuchFile, RG, str, sub, YES } from './shared.ts';

/** `logic workflow identity assign|remove` take the same arguments (aaz/latest/logic/workflow/identity/_assign.py, _remove.py). */
const IDENTITY_PARAMS: Param[] = [
  RG,
  // The generated commands register --name only.
  { names: ['--name'], dest: 'name', required: true, complete: 'logicApp', help: 'The workflow name.' },
  { names: ['--system-assigned'], dest: 'system_assigned', kind: 'optional-list', choices: ['false', 'true'], help: 'Enable system assigned identity.' },
  { names: ['--user-assigned'], dest: 'user_assigned', kind: 'list', complete: 'identityRef', help: 'Space separated resource IDs to add user-assigned identities.' },
];

export const groups: GroupSpec[] = [
  { name: 'logic', summary: 'Manage Logic.' },
  { name: 'logic workflow', summary: 'Manage workflow.' },
  { name: 'logic workflow identity', summary: 'Manage workflow Identity.' },
];

export const commands: CommandSpec[] = [
  {
    name: 'logic workflow create',
    summary: 'Create a workflow.',
    long: "A Consumption logic app. The sandbox keeps no workflow definition: --definition must hold a JSON object with a 'definition' key, as az checks, and its triggers and actions are not modelled. A Consumption logic app has either the system-assigned identity or one user-assigned identity.",
    params: [
      RG,
      { names: ['--name', '-n'], dest: 'name', required: true, help: 'The workflow name.' },
      { names: ['--definition'], dest: 'definition', required: true, help: "Path to a workflow defintion file. (The sandbox has no files: give the JSON inline, e.g. '{\"definition\": {}}'.)" },
      LOCATION,
      { names: ['--mi-system-assigned'], dest: 'mi_system_assigned', kind: 'optional-list', choices: ['false', 'true'], help: 'Enable system assigned identity.' },
      { names: ['--mi-user-assigned'], dest: 'mi_user_assigned', kind: 'list', complete: 'identityRef', help: 'Space separated resource IDs to add user-assigned identities.' },
      { names: ['--state'], dest: 'state', ignored: true, choices: ['Completed', 'Deleted', 'Disabled', 'Enabled', 'NotSpecified', 'Suspended'], help: 'The state (not modelled).' },
    ],
    examples: [{ summary: 'Create a workflow with a system-assigned identity.', command: `az logic workflow create --resource-group rg --name workflow --definition '{"definition": {}}' --mi-system-assigned` }],
    async run(ctx) {
      const rg = str(ctx, 'resource_group')!;
      jsonArg(str(ctx, 'definition')!, 'definition');
      const system = ctx.args.mi_system_assigned !== undefined && boolArg(ctx.args.mi_system_assigned, true);
      const users = (list(ctx, 'mi_user_assigned') ?? []).map((ref) => identityRef(ctx.host.world(), ref, rg));
      return resourceJson(ctx.host.world(), await createResource('logicApp', ctx, identityOf(system, users)));
    },
  },
  {
    name: 'logic workflow delete',
    summary: 'Delete a workflow.',
    params: [RG, { names: ['--name', '-n'], dest: 'name', required: true, complete: 'logicApp', help: 'The workflow name.' }, YES],
    examples: [{ summary: 'Delete workflow', command: 'az logic workflow delete --resource-group rg --name workflow' }],
    async run(ctx) {
      const world = ctx.host.world();
      const rg = str(ctx, 'resource_group')!;
      group(world, rg);
      await confirmed(ctx);
      const r = getResource(world, resourceId(sub(world), rg, 'logicApp', str(ctx, 'name')!));
      // ARM answers 204 for a workflow that is not there, and az prints nothing.
      if (r) await ctx.act({ type: 'resource.delete', id: r.id });
      return undefined;
    },
  },
  {
    name: 'logic workflow show',
    summary: 'Get a workflow.',
    params: [RG, { names: ['--name', '-n'], dest: 'name', required: true, complete: 'logicApp', help: 'The workflow name.' }],
    examples: [{ summary: 'Show workflow', command: 'az logic workflow show --resource-group rg --name workflow' }],
    run: (ctx) => resourceJson(ctx.host.world(), find(ctx.host.world(), 'logicApp', str(ctx, 'resource_group')!, str(ctx, 'name')!)),
  },
  {
    name: 'logic workflow identity assign',
    summary: 'Assign identities',
    long: 'A Consumption logic app has either the system-assigned identity or one user-assigned identity.',
    params: IDENTITY_PARAMS,
    examples: [{ summary: 'Turn on the system-assigned identity.', command: 'az logic workflow identity assign -g rg --name workflow --system-assigned' }],
    async run(ctx) {
      const rg = str(ctx, 'resource_group')!;
      const r = find(ctx.host.world(), 'logicApp', rg, str(ctx, 'name')!) as SourceResource;
      const system = ctx.args.system_assigned !== undefined && boolArg(ctx.args.system_assigned, true);
      const added = (list(ctx, 'user_assigned') ?? []).map((ref) => identityRef(ctx.host.world(), ref, rg));
      const users = [...r.identity.userAssigned.map((u) => u.id), ...added];
      for (const action of identityActions(r, system || !!r.identity.systemAssigned, users)) await ctx.act(action);
      return armIdentity(getResource(ctx.host.world(), r.id) as SourceResource);
    },
  },
  {
    name: 'logic workflow identity remove',
    summary: 'Remove identities',
    params: IDENTITY_PARAMS,
    examples: [{ summary: 'Turn off the system-assigned identity.', command: 'az logic workflow identity remove -g rg --name workflow --system-assigned' }],
    async run(ctx) {
      const rg = str(ctx, 'resource_group')!;
      const r = find(ctx.host.world(), 'logicApp', rg, str(ctx, 'name')!) as SourceResource;
      const removeSystem = ctx.args.system_assigned !== undefined && boolArg(ctx.args.system_assigned, true);
      const removed = new Set((list(ctx, 'user_assigned') ?? []).map((ref) => identityRef(ctx.host.world(), ref, rg).toLowerCase()));
      const users = r.identity.userAssigned.map((u) => u.id).filter((id) => !removed.has(id.toLowerCase()));
      for (const action of identityActions(r, !!r.identity.systemAssigned && !removeSystem, users)) await ctx.act(action);
      const identity = armIdentity(getResource(ctx.host.world(), r.id) as SourceResource);
      // custom.py IdentityRemove._output: an empty identity prints as {"type": null}.
      return identity.type === 'None' ? { type: null } : identity;
    },
  },
];

/** A JSON argument az reads as a dict (AAZFreeFormDictArg), checked for the key the command needs. */
function jsonArg(raw: string, key: string): Record<string, unknown> {
  // Not JSON: az takes it for a file name.
  if (!raw.startsWith('@') && !raw.trim().startsWith('{')) throw noSuchFile(raw, 'give the JSON inline.');
  const value = jsonValue(raw);
  // logic's custom.py WorkflowCreate.pre_operations: RequiredArgumentMissingError.
  if (typeof value !== 'object' || value === null || !(key in value)) throw new CliError(`--${key} does not contain a '${key}' key`);
  return value as Record<string, unknown>;
}
