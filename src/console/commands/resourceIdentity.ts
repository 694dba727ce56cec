// `az vm identity`, `az vmss identity`, `az webapp identity` and `az functionapp identity`: one shape, four command groups.
import { assignedIdentityJson, identityShowJson } from '../shapes.ts';
import { CliError, type CommandSpec, type Context } from '../spec.ts';
import { getResource, type SourceResource } from '../../sim/index.ts';
import { checkIdentityGrant, IDENTITIES, identityRef, list, NAME, RG, ROLE_FOR_IDENTITY, roleRef, SCOPE_FOR_IDENTITY, SLOT, str, VM_ROLE_FOR_IDENTITY } from './shared.ts';

/** The kind each command group manages, whose names Tab offers. */
const KIND_OF = { vm: 'vm', vmss: 'vmss', webapp: 'webApp', functionapp: 'functionApp' } as const;

export function identityCommands(prefix: 'vm' | 'vmss' | 'webapp' | 'functionapp', getTarget: (ctx: Context) => SourceResource): CommandSpec[] {
  // Compute (VMs and scale sets) shares one identity code path in azure-cli (vm/custom.py); App Service another.
  const compute = prefix === 'vm' || prefix === 'vmss';
  const noun = prefix === 'vm' ? 'VM' : prefix === 'vmss' ? 'VM scaleset' : prefix === 'webapp' ? 'web app' : 'function app';
  const extra = compute ? [] : [SLOT];
  const target = NAME(prefix === 'vmss' ? 'Scale set name.' : `The name of the ${noun}.`, KIND_OF[prefix]);
  const sample = prefix === 'vm' ? 'MyVm' : prefix === 'vmss' ? 'MyVmss' : 'MyWebApp';
  return [
    {
      name: `${prefix} identity assign`,
      summary: compute ? `Enable managed service identity on a ${prefix === 'vm' ? 'VM' : 'VMSS'}.` : `Assign managed identities to the ${noun}.`,
      long: compute ? 'This is required to authenticate and interact with other Azure services using bearer tokens.' : undefined,
      params: [RG, target, IDENTITIES('assign'), { ...(compute ? VM_ROLE_FOR_IDENTITY : ROLE_FOR_IDENTITY), group: undefined }, { ...SCOPE_FOR_IDENTITY, group: undefined }, ...extra],
      examples: [
        { summary: `Enable the system assigned identity on a ${noun} with the 'Reader' role.`, command: `az ${prefix} identity assign -g MyResourceGroup -n ${sample} --role Reader --scope /subscriptions/db5eb68e-73e2-4fa8-b18a-0123456789999/resourceGroups/MyResourceGroup` },
        { summary: 'Enable the system assigned identity and a user assigned identity.', command: `az ${prefix} identity assign -g MyResourceGroup -n ${sample} --identities [system] myAssignedId` },
      ],
      async run(ctx) {
        const refs = list(ctx, 'identities');
        if (compute) checkIdentityGrant(ctx, refs, true);
        let r = getTarget(ctx);
        const rg = str(ctx, 'resource_group')!;
        const wanted = refs?.length ? refs : ['[system]'];
        for (const ref of wanted) {
          if (ref.toLowerCase() === '[system]') {
            if (!r.identity.systemAssigned) await ctx.act({ type: 'identity.system.enable', resourceId: r.id });
          } else await ctx.act({ type: 'identity.user.assign', resourceId: r.id, identityId: identityRef(ctx.host.world(), ref, rg) });
        }
        r = getResource(ctx.host.world(), r.id) as SourceResource;
        const scope = str(ctx, 'scope');
        if (scope) {
          if (!r.identity.systemAssigned) throw new CliError("usage error: '--scope'/'--role' is only applicable when assign system identity");
          await ctx.act({ type: 'roleAssignment.create', scope, role: roleRef(str(ctx, 'role') ?? 'Contributor'), assignee: r.id });
        }
        if (!compute) return identityShowJson(getResource(ctx.host.world(), r.id) as SourceResource);
        return assignedIdentityJson(r, scope ? { role: str(ctx, 'role') ?? 'Contributor', scope } : {});
      },
    },
    {
      name: `${prefix} identity remove`,
      summary: prefix === 'vm' ? 'Remove managed service identities from a VM.' : prefix === 'vmss' ? 'Remove user assigned identities from a VM scaleset.' : `Disable ${noun}'s managed identity.`,
      params: [RG, target, IDENTITIES('remove'), ...extra],
      examples: [{ summary: 'Remove the system assigned identity.', command: `az ${prefix} identity remove -g MyResourceGroup -n ${sample}` }],
      async run(ctx) {
        const r = getTarget(ctx);
        const rg = str(ctx, 'resource_group')!;
        const refs = list(ctx, 'identities');
        const wanted = refs?.length ? refs : ['[system]'];
        for (const ref of wanted) {
          if (ref.toLowerCase() === '[system]') await ctx.act({ type: 'identity.system.disable', resourceId: r.id });
          else await ctx.act({ type: 'identity.user.unassign', resourceId: r.id, identityId: identityRef(ctx.host.world(), ref, rg) });
        }
        return identityShowJson(getResource(ctx.host.world(), r.id) as SourceResource);
      },
    },
    {
      name: `${prefix} identity show`,
      summary: compute ? `Display ${noun}'s managed identity info.` : `Display ${noun}'s managed identity.`,
      params: [RG, target, ...extra],
      examples: [{ summary: 'Show the identity.', command: `az ${prefix} identity show -g MyResourceGroup -n ${sample}` }],
      run: (ctx) => identityShowJson(getTarget(ctx)),
    },
  ];
}
