// az vm (and az ssh vm): virtual machines, their identities, and the run-command door to their shell.
import { vmCreateJson } from '../shapes.ts';
import { type CommandSpec, type Context, type GroupSpec } from '../spec.ts';
import { getResource, type SourceResource } from '../../sim/index.ts';
import { createVmLike, deleteCommand, find, list, listCommand, LOCATION, NAME, resourceListTable, RG, showCommand, str, VM_IMAGE, VM_LOGIN_AND_IDENTITY } from './shared.ts';
import { identityCommands } from './resourceIdentity.ts';

const vmOf = (ctx: Context) => find(ctx.host.world(), 'vm', str(ctx, 'resource_group')!, str(ctx, 'name')!) as SourceResource;

export const groups: GroupSpec[] = [
  { name: 'vm', summary: 'Manage Linux or Windows virtual machines.' },
  { name: 'vm identity', summary: 'Manage service identities of a VM.' },
  { name: 'vm run-command', summary: 'Manage run commands on a Virtual Machine.' },
  { name: 'ssh', summary: 'SSH into resources (Azure VMs, Arc Servers, etc) using AAD issued openSSH certificates.' },
];

export const commands: CommandSpec[] = [
  {
    name: 'vm create',
    summary: 'Create an Azure Virtual Machine.',
    long: 'In the sandbox a VM has no image, size or network: those arguments are accepted and not modelled.',
    params: [
      RG,
      NAME('Name of the virtual machine.'),
      VM_IMAGE,
      LOCATION,
      { names: ['--size'], dest: 'size', ignored: true, help: 'The VM size to be created (not modelled).' },
      ...VM_LOGIN_AND_IDENTITY,
    ],
    examples: [
      { summary: 'Create a VM with a system assigned identity that has Reader on the group.', command: 'az vm create -n MyVm -g MyResourceGroup --image Ubuntu2204 --assign-identity [system] --role Reader --scope /subscriptions/<sub>/resourceGroups/MyResourceGroup' },
      { summary: 'Create a VM with a user assigned identity.', command: 'az vm create -n MyVm -g MyResourceGroup --image Ubuntu2204 --assign-identity myID' },
    ],
    async run(ctx) {
      const r = await createVmLike(ctx, 'vm');
      const out = vmCreateJson(getResource(ctx.host.world(), r.id) as SourceResource);
      const scope = str(ctx, 'scope');
      if (scope && out.identity) Object.assign(out.identity as object, { role: str(ctx, 'role') ?? 'Contributor', scope });
      return out;
    },
  },
  deleteCommand('vm', 'vm', 'virtual machine', true, 'Delete a VM.'),
  { ...showCommand('vm', 'vm', 'virtual machine', 'Get the details of a VM.') },
  { ...listCommand('vm', 'vm', 'List details of Virtual Machines.', resourceListTable) },
  ...identityCommands('vm', vmOf),
  {
    name: 'vm run-command invoke',
    summary: 'Execute a specific run command on a vm.',
    long: 'The script runs in the sandbox\'s shell on the VM: curl to IMDS (169.254.169.254) asks the VM\'s token endpoint exactly as the token panel does.',
    params: [RG, NAME('The name of the Virtual Machine.', 'vm'), { names: ['--command-id'], dest: 'command_id', required: true, choices: ['RunShellScript'], help: 'The command id. Use `az vm run-command list` to get the list.' }, { names: ['--scripts'], dest: 'scripts', kind: 'list', help: "Space-separated script lines. Use @{file} to load script from a file." }],
    examples: [{ summary: "Ask the VM's token endpoint for a Key Vault token.", command: `az vm run-command invoke -g MyResourceGroup -n MyVm --command-id RunShellScript --scripts "curl -s -H Metadata:true 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://vault.azure.net'"` }],
    async run(ctx) {
      const r = vmOf(ctx);
      const scripts = list(ctx, 'scripts') ?? [];
      let stdout = '';
      let stderr = '';
      for (const script of scripts) {
        const out = await ctx.runScript!(r.id, script);
        stdout += out.stdout;
        stderr += out.stderr;
      }
      return { value: [{ code: 'ProvisioningState/succeeded', displayStatus: 'Provisioning succeeded', level: 'Info', message: `Enable succeeded: \n[stdout]\n${stdout}\n[stderr]\n${stderr}\n`, time: null }] };
    },
  },
  {
    name: 'ssh vm',
    summary: 'SSH into Azure VMs or Arc Servers.',
    long: "Opens the sandbox's shell on the VM (`exit` leaves it). There curl to IMDS behaves as the token panel.",
    params: [RG, NAME('The name of the VM.', 'vm')],
    run(ctx) {
      const r = vmOf(ctx);
      ctx.openShell?.(r.id, `az ssh vm -g ${r.resourceGroup} -n ${r.name}`);
      return undefined;
    },
  },
];
