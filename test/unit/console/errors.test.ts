// az's refusals, each checked against the azure-cli source that raises it (paths are in the
// Azure/azure-cli repository unless said otherwise). Exit codes follow azure-cli-core's util.py
// handle_exception: 3 for ResourceNotFoundError and HTTP 404s, 2 for argparse, 1 for everything else.
import { describe, expect, it } from 'vitest';
import { consoleWithGroup } from './host.ts';

const world = () => consoleWithGroup();

describe('argument errors (azure-cli-core/azure/cli/core/parser.py AzCliCommandParser.error, exit 2)', () => {
  it('names every missing required argument, long form first, in the order az registers them', async () => {
    const { run } = await world();
    expect(await run('az vm identity assign')).toEqual({ stdout: '', stderr: 'ERROR: the following arguments are required: --resource-group/-g, --name/-n\n', exitCode: 2 });
  });
  it('lists unrecognized arguments space-separated, after the required check', async () => {
    const { run } = await world();
    expect(await run('az identity show -g rg-demo -n x --colour blue')).toEqual({ stdout: '', stderr: 'ERROR: unrecognized arguments: --colour blue\n', exitCode: 2 });
  });
});

describe('group create (ARM refuses to move a resource group; az prints its HttpResponseError)', () => {
  it('another location is ARM\'s 409 InvalidResourceGroupLocation, exit 1; the same location again prints the group [§4 ARM resource group location, D33, azure-cli#22242]', async () => {
    const { run, json } = await world();
    const message = "Invalid resource group location 'eastus'. The Resource group already exists in location 'westeurope'.";
    expect(await run('az group create -n rg-demo -l eastus')).toEqual({ stdout: '', stderr: `ERROR: (InvalidResourceGroupLocation) ${message}\nCode: InvalidResourceGroupLocation\nMessage: ${message}\n`, exitCode: 1 });
    const again = await json('az group create -n rg-demo -l westeurope');
    expect(again).toMatchObject({ name: 'rg-demo', location: 'westeurope', properties: { provisioningState: 'Succeeded' } });
    expect((await json('az group list')).map((g: { location: string }) => g.location)).toEqual(['westeurope']);
  });
});

describe('role assignment create (role/custom.py create_role_assignment; PR #27651 made --scope required)', () => {
  it('--scope is required, and -g is gone', async () => {
    const { run } = await world();
    expect((await run('az role assignment create --assignee-object-id 00000000-0000-0000-0000-000000000001 --role Reader')).stderr).toBe('ERROR: the following arguments are required: --scope\n');
    expect((await run('az role assignment create --assignee-object-id 00000000-0000-0000-0000-000000000001 --role Reader --scope /subscriptions/x -g rg-demo')).stderr).toBe('ERROR: unrecognized arguments: -g rg-demo\n');
  });
  it('raises its usage errors in its own order', async () => {
    const { run, json } = await world();
    const g = await json('az group show -n rg-demo');
    expect(await run(`az role assignment create --role Reader --scope ${g.id}`)).toMatchObject({ exitCode: 1, stderr: 'ERROR: usage error: --assignee STRING | --assignee-object-id GUID\n' });
    expect((await run(`az role assignment create --assignee x --assignee-principal-type ServicePrincipal --role Reader --scope ${g.id}`)).stderr).toBe('ERROR: usage error: --assignee-object-id GUID --assignee-principal-type TYPE\n');
  });
  it('warns when --assignee-object-id comes without --assignee-principal-type', async () => {
    const { run, json } = await world();
    const g = await json('az group show -n rg-demo');
    const u = await json('az identity create -g rg-demo -n id-1');
    const r = await run(`az role assignment create --assignee-object-id ${u.principalId} --role Reader --scope ${g.id}`);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('WARNING: RBAC service might reject creating role assignment without --assignee-principal-type in the future. Better to specify --assignee-principal-type manually.\n');
  });
});

describe('vm identities (vm/_validators.py _validate_vm_vmss_msi; PRs #21474 and #27657 removed the Contributor default)', () => {
  it('--role and --scope go together, on create and on identity assign', async () => {
    const { run, json } = await world();
    const g = await json('az group show -n rg-demo');
    const both = 'ERROR: usage error: please specify both --role and --scope when assigning a role to the managed identity\n';
    expect(await run(`az vm create -g rg-demo -n vm-1 --image Ubuntu2204 --assign-identity --scope ${g.id}`)).toMatchObject({ exitCode: 1, stderr: both });
    expect((await run('az vm create -g rg-demo -n vm-1 --image Ubuntu2204 --assign-identity --role Reader')).stderr).toBe(both);
    expect((await run(`az vm create -g rg-demo -n vm-1 --image Ubuntu2204 --role Reader --scope ${g.id}`)).stderr).toBe('ERROR: usage error: --assign-identity [--scope SCOPE] [--role ROLE]\n');
    await json('az vm create -g rg-demo -n vm-1 --image Ubuntu2204');
    expect((await run(`az vm identity assign -g rg-demo -n vm-1 --scope ${g.id}`)).stderr).toBe(both);
    expect((await run('az vm identity assign -g rg-demo -n vm-1 --identities id-1 --role Reader --scope x')).stderr).toBe("ERROR: usage error: '--scope'/'--role' is only applicable when assign system identity\n");
    // Nothing was sent for the refused commands: the VM still has no identity.
    expect(await run('az vm identity show -g rg-demo -n vm-1')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
  });
  it('a missing VM or identity is ARM\'s ResourceNotFound, exit 3', async () => {
    const { run } = await world();
    expect(await run('az vm identity assign -g rg-demo -n nope')).toEqual({
      stdout: '',
      stderr: "ERROR: (ResourceNotFound) The Resource 'Microsoft.Compute/virtualMachines/nope' under resource group 'rg-demo' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix\nCode: ResourceNotFound\nMessage: The Resource 'Microsoft.Compute/virtualMachines/nope' under resource group 'rg-demo' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix\n",
      exitCode: 3,
    });
    const id = await run('az identity show -g rg-demo -n nope');
    expect(id.exitCode).toBe(3);
    expect(id.stderr).toMatch(/^ERROR: \(ResourceNotFound\) The Resource 'Microsoft\.ManagedIdentity\/userAssignedIdentities\/nope' under resource group 'rg-demo' was not found\./);
    expect((await run('az identity show -g rg-nope -n x')).stderr).toMatch(/^ERROR: \(ResourceGroupNotFound\) Resource group 'rg-nope' could not be found\./);
  });
});

describe('App Service (appservice/custom.py)', () => {
  it('identity show: "Unable to find App ..." (show_identity), exit 3; show: _show_app\'s words', async () => {
    const { run, json } = await world();
    expect(await run('az webapp identity show -g rg-demo -n app-x')).toEqual({ stdout: '', stderr: 'ERROR: Unable to find App app-x in resource group rg-demo\n', exitCode: 3 });
    expect(await run('az webapp show -g rg-demo -n app-x')).toEqual({ stdout: '', stderr: "ERROR: Unable to find webapp 'app-x', in RG 'rg-demo'.\n", exitCode: 3 });
    await json('az functionapp create -g rg-demo -n fn-1 -s st1 -c westeurope');
    expect(await run('az webapp show -g rg-demo -n fn-1')).toEqual({ stdout: '', stderr: "ERROR: Unable to find webapp 'fn-1', in resource group 'rg-demo'\nUse 'az functionapp show' to show functionapps\n", exitCode: 3 });
  });
});

describe('az ad sp show (role/custom.py _resolve_service_principal; test_sp_show_exit_code expects 3)', () => {
  it('a name that matches nothing, and an object id Graph does not have', async () => {
    const { run } = await world();
    expect(await run('az ad sp show --id non-exist-sp-name')).toEqual({ stdout: '', stderr: "ERROR: Service principal 'non-exist-sp-name' doesn't exist\n", exitCode: 3 });
    expect(await run('az ad sp show --id 00000000-0000-0000-0000-000000000000')).toEqual({
      stdout: '',
      stderr: "ERROR: Resource '00000000-0000-0000-0000-000000000000' does not exist or one of its queried reference-property objects are not present.\n",
      exitCode: 3,
    });
  });
});

describe('key vault (keyvault/_validators.py validate_resource_group_name)', () => {
  it('without -g: a CLIError, exit 1; with -g: ARM\'s 404, exit 3', async () => {
    const { run } = await world();
    expect(await run('az keyvault show -n kv-nope')).toEqual({ stdout: '', stderr: "ERROR: The Vault 'kv-nope' not found within subscription.\n", exitCode: 1 });
    const withGroup = await run('az keyvault show -g rg-demo -n kv-nope');
    expect(withGroup.exitCode).toBe(3);
    expect(withGroup.stderr).toMatch(/^ERROR: \(ResourceNotFound\) The Resource 'Microsoft\.KeyVault\/vaults\/kv-nope' under resource group 'rg-demo' was not found\./);
  });
});

describe('storage (storage/_validators.py; the Blob service\'s errors through azure-storage-blob)', () => {
  it('container and blob not found: the service message, RequestId, Time, ErrorCode; exit 3', async () => {
    const { run, json } = await world();
    await json('az storage account create -g rg-demo -n stdemo1');
    const c = await run('az storage blob download --account-name stdemo1 -c nope -n a.txt --auth-mode login');
    expect(c.exitCode).toBe(3);
    expect(c.stderr).toMatch(/^ERROR: The specified container does not exist\.\nRequestId:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\nTime:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.0000000Z\nErrorCode:ContainerNotFound\n$/);
    await json('az storage container create --account-name stdemo1 -n docs --auth-mode login');
    const b = await run('az storage blob download --account-name stdemo1 -c docs -n a.txt --auth-mode login');
    expect(b.exitCode).toBe(3);
    expect(b.stderr).toMatch(/^ERROR: The specified blob does not exist\.\n.*\n.*\nErrorCode:BlobNotFound\n$/);
  });
  it('container create again: {"created": false}; upload over a blob needs --overwrite (409, exit 1)', async () => {
    const { run, json } = await world();
    await json('az storage account create -g rg-demo -n stdemo1');
    expect(await json('az storage container create --account-name stdemo1 -n docs --auth-mode login')).toEqual({ created: true });
    expect(await json('az storage container create --account-name stdemo1 -n docs --auth-mode login')).toEqual({ created: false });
    await json('az storage blob upload --account-name stdemo1 -c docs -n a.txt --data one --auth-mode login');
    const again = await run('az storage blob upload --account-name stdemo1 -c docs -n a.txt --data two --auth-mode login');
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toMatch(/^ERROR: The specified blob already exists\.\n.*\n.*\nErrorCode:BlobAlreadyExists\n$/);
    await json('az storage blob upload --account-name stdemo1 -c docs -n a.txt --data two --auth-mode login --overwrite');
    expect((await run('az storage blob download --account-name stdemo1 -c docs -n a.txt --auth-mode login')).stdout).toBe('two');
  });
  it('without --auth-mode login az warns that it will look the account key up', async () => {
    const { run, json } = await world();
    await json('az storage account create -g rg-demo -n stdemo1');
    const r = await run('az storage container create --account-name stdemo1 -n docs');
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('WARNING: \nThere are no credentials provided in your command and environment, we will query for account key for your storage account.');
    const missing = await run('az storage container create --account-name stnope -n docs');
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain("WARNING: \nSkip querying account key due to failure: Storage account 'stnope' not found.\n");
  });
});

describe('az rest (azure-cli-core/azure/cli/core/util.py send_raw_request)', () => {
  it('an HTTP error is "<reason>(<body>)" raised as a CLIError: exit 1, even for 404', async () => {
    const { run } = await world();
    const r = await run('az rest --url "https://management.azure.com/subscriptions/{subscriptionId}/resourceGroups/rg-nope?api-version=2021-04-01"');
    expect(r).toEqual({ stdout: '', stderr: `ERROR: Not Found({"error":{"code":"ResourceGroupNotFound","message":"Resource group 'rg-nope' could not be found."}})\n`, exitCode: 1 });
  });
});
