// az vmss: virtual machine scale sets and their identities. All instances of a scale set share its
// identities; the sandbox models the scale set as one resource (no instances, image, SKU or network).
import { resourceJson } from '../shapes.ts';
import { type CommandSpec, type Context, type GroupSpec } from '../spec.ts';
import { getResource, type SourceResource } from '../../sim/index.ts';
import { createVmLike, deleteCommand, find, list, listCommand, LOCATION, NAME, resourceListTable, RG, showCommand, str, VM_IMAGE, VM_LOGIN_AND_IDENTITY } from './shared.ts';
import { identityCommands } from './resourceIdentity.ts';

const vmssOf = (ctx: Context) => find(ctx.host.world(), 'vmss', str(ctx, 'resource_group')!, str(ctx, 'name')!) as SourceResource;

export const groups: GroupSpec[] = [
  { name: 'vmss', summary: 'Manage groupings of virtual machines in an Azure Virtual Machine Scale Set (VMSS).' },
  { name: 'vmss identity', summary: 'Manage service identities of a VM scaleset.' },
  { name: 'vmss run-command', summary: 'Manage run commands on a Virtual Machine Scale Set.' },
];

export const commands: CommandSpec[] = [
  {
    name: 'vmss create',
    summary: 'Create an Azure Virtual Machine Scale Set.',
    long: 'In the sandbox a scale set has no instances, image, SKU or network: those arguments are accepted and not modelled. Every instance would share the identities given here.',
    params: [
      RG,
      NAME('Name of the virtual machine scale set.'),
      VM_IMAGE,
      LOCATION,
      { names: ['--instance-count'], dest: 'instance_count', ignored: true, help: 'Number of VMs in the scale set (not modelled).' },
      { names: ['--vm-sku'], dest: 'vm_sku', ignored: true, help: 'Size of VMs in the scale set (not modelled).' },
      { names: ['--orchestration-mode'], dest: 'orchestration_mode', ignored: true, help: 'Choose how virtual machines are managed by the scale set (not modelled).' },
      ...VM_LOGIN_AND_IDENTITY,
    ],
    examples: [
      { summary: 'Create a scale set with a system assigned identity.', command: 'az vmss create -n MyVmss -g MyResourceGroup --image Ubuntu2204 --assign-identity [system]' },
      { summary: 'Create a scale set with a system assigned identity that has Reader on the group.', command: 'az vmss create -n MyVmss -g MyResourceGroup --image Ubuntu2204 --assign-identity --role Reader --scope /subscriptions/<sub>/resourceGroups/MyResourceGroup' },
    ],
    async run(ctx) {
      const r = await createVmLike(ctx, 'vmss');
      // az prints the deployment's scale set under "vmss" (simplified: the sandbox's resource shape).
      const world = ctx.host.world();
      return { vmss: { ...resourceJson(world, getResource(world, r.id)!), provisioningState: 'Succeeded' } };
    },
  },
  deleteCommand('vmss', 'vmss', 'scale set', false, 'Delete a VM scale set.'),
  showCommand('vmss', 'vmss', 'scale set', 'Get details on VMs within a VMSS.'),
  listCommand('vmss', 'vmss', 'List VMSS.', resourceListTable),
  ...identityCommands('vmss', vmssOf),
  {
    name: 'vmss run-command invoke',
    summary: 'Execute a specific run command on a Virtual Machine Scale Set instance.',
    long: "The script runs in the sandbox's shell on the scale set: curl to IMDS (169.254.169.254) asks for a token exactly as the token panel does. Every instance shares the scale set's identities, so --instance-id is accepted and not modelled.",
    params: [
      RG,
      NAME('Scale set name.', 'vmss'),
      { names: ['--command-id'], dest: 'command_id', required: true, choices: ['RunShellScript'], help: 'The command id.' },
      { names: ['--instance-id'], dest: 'instance_id', required: true, ignored: true, help: 'Scale set VM instance id (not modelled: instances share the identities).' },
      { names: ['--scripts'], dest: 'scripts', kind: 'list', help: 'Space-separated script lines. Use @{file} to load script from a file.' },
    ],
    examples: [{ summary: "Ask instance 0 for a Key Vault token.", command: `az vmss run-command invoke -g MyResourceGroup -n MyVmss --command-id RunShellScript --instance-id 0 --scripts "curl -s -H Metadata:true 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://vault.azure.net'"` }],
    async run(ctx) {
      const r = vmssOf(ctx);
      let stdout = '';
      let stderr = '';
      for (const script of list(ctx, 'scripts') ?? []) {
        const out = await ctx.runScript!(r.id, script);
        stdout += out.stdout;
        stderr += out.stderr;
      }
      return { value: [{ code: 'ProvisioningState/succeeded', displayStatus: 'Provisioning succeeded', level: 'Info', message: `Enable succeeded: \n[stdout]\n${stdout}\n[stderr]\n${stderr}\n`, time: null }] };
    },
  },
];
