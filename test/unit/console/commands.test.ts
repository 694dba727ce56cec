// Each modelled az command against the output shapes of the fact sheet (§6 "az CLI a learner would
// type"), and az's refusals with their exit codes.
import { describe, expect, it } from 'vitest';
import { consoleWithGroup } from './host.ts';

const world = () => consoleWithGroup({ strict: true });

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('az group', () => {
  it('create, show, list and delete (asking first, as az does)', async () => {
    const { json, run, host } = await world();
    const g = await json('az group show -n rg-demo');
    expect(Object.keys(g)).toEqual(['id', 'location', 'managedBy', 'name', 'properties', 'tags', 'type']);
    expect(g.properties).toEqual({ provisioningState: 'Succeeded' });
    expect((await json('az group list')).map((x: { name: string }) => x.name)).toEqual(['rg-demo']);
    expect((await run('az group list -o table')).stdout).toMatch(/^Name\s+Location\s+Status\n-+\s+-+\s+-+\nrg-demo\s+westeurope\s+Succeeded\n$/);
    host.answer = false;
    const no = await run('az group delete -n rg-demo');
    expect(no).toMatchObject({ exitCode: 1, stderr: 'ERROR: Operation cancelled.\n' });
    host.answer = true;
    expect((await run('az group delete -n rg-demo')).exitCode).toBe(0);
    expect(await run('az group show -n rg-demo')).toEqual({ stdout: '', exitCode: 3, stderr: "ERROR: (ResourceGroupNotFound) Resource group 'rg-demo' could not be found.\nCode: ResourceGroupNotFound\nMessage: Resource group 'rg-demo' could not be found.\n" });
    // role/custom.py: nothing matched is a CLIError, exit code 1 (not a warning).
    expect(await run('az role assignment delete --role Reader --scope /subscriptions/00000000-0000-0000-0000-000000000000')).toMatchObject({ exitCode: 1, stderr: 'ERROR: No matched assignments were found to delete\n' });
  });
  it('requires --location, in argparse words, exit 2', async () => {
    const { run } = await world();
    expect(await run('az group create -n rg-x')).toEqual({ stdout: '', stderr: 'ERROR: the following arguments are required: --location/-l\n', exitCode: 2 });
  });
});

describe('az identity', () => {
  it('create prints the fact sheet shape; show --query principalId -o tsv prints the bare id', async () => {
    const { json, run } = await world();
    const id = await json('az identity create -g rg-demo -n id-shared');
    expect(Object.keys(id)).toEqual(['clientId', 'id', 'location', 'name', 'principalId', 'resourceGroup', 'tags', 'tenantId', 'type']);
    expect(id.id).toMatch(/^\/subscriptions\/[^/]+\/resourcegroups\/rg-demo\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/id-shared$/);
    expect(id.type).toBe('Microsoft.ManagedIdentity/userAssignedIdentities');
    const tsv = await run('az identity show -g rg-demo -n id-shared --query principalId -o tsv');
    expect(tsv.stdout).toBe(`${id.principalId}\n`);
    expect((await json('az identity list -g rg-demo')).length).toBe(1);
    expect((await run('az identity delete -g rg-demo -n id-shared')).exitCode).toBe(0);
    expect((await run('az identity show -g rg-demo -n id-shared')).exitCode).toBe(3);
  });
});

describe('az vm and its identities', () => {
  it('vm create --assign-identity --role --scope makes the identity and the grant', async () => {
    const { json, host } = await world();
    await json('az keyvault create -g rg-demo -n kv-demo-1');
    const vault = host.world().resources[Object.keys(host.world().resources).find((k) => k.endsWith('/kv-demo-1'))!]!;
    const vm = await json(`az vm create -g rg-demo -n web-1 --image Ubuntu2204 --assign-identity --role "Key Vault Secrets User" --scope ${vault.id}`);
    expect(vm.identity.systemAssignedIdentity).toMatch(GUID);
    expect(vm.identity).toMatchObject({ role: 'Key Vault Secrets User', scope: vault.id, userAssignedIdentities: {} });
    expect(host.actions.map((a) => a.type)).toEqual(['resourceGroup.create', 'resource.create', 'resource.create', 'roleAssignment.create']);
  });
  it('identity assign prints systemAssignedIdentity and userAssignedIdentities (azure-cli _construct_identity_info)', async () => {
    const { json } = await world();
    await json('az vm create -g rg-demo -n web-1 --image Ubuntu2204');
    const uami = await json('az identity create -g rg-demo -n id-shared');
    const out = await json('az vm identity assign -g rg-demo -n web-1 --identities [system] id-shared');
    expect(out.systemAssignedIdentity).toMatch(GUID);
    expect(out.userAssignedIdentities).toEqual({ [uami.id]: { clientId: uami.clientId, principalId: uami.principalId } });
    const show = await json('az vm identity show -g rg-demo -n web-1');
    expect(show.type).toBe('SystemAssigned, UserAssigned');
    const removed = await json('az vm identity remove -g rg-demo -n web-1 --identities id-shared');
    expect(removed.type).toBe('SystemAssigned');
  });
  it('vm identity show on a VM with no identity prints nothing; vm delete asks unless --yes', async () => {
    const { json, run, host } = await world();
    await json('az vm create -g rg-demo -n web-1 --image Ubuntu2204');
    expect(await run('az vm identity show -g rg-demo -n web-1')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    host.answer = false;
    expect((await run('az vm delete -g rg-demo -n web-1')).exitCode).toBe(1);
    expect((await run('az vm delete -g rg-demo -n web-1 --yes')).exitCode).toBe(0);
    const gone = await run('az vm show -g rg-demo -n web-1');
    expect(gone.exitCode).toBe(3);
    expect(gone.stderr).toContain("(ResourceNotFound) The Resource 'Microsoft.Compute/virtualMachines/web-1' under resource group 'rg-demo' was not found.");
  });
});

describe('az role assignment', () => {
  it('create prints the fact sheet shape; list shows a deleted principal as principalName ""', async () => {
    const { json, run } = await world();
    const vm = await json('az vm create -g rg-demo -n web-1 --image Ubuntu2204 --assign-identity');
    const g = await json('az group show -n rg-demo');
    const a = await json(`az role assignment create --assignee-object-id ${vm.identity.systemAssignedIdentity} --assignee-principal-type ServicePrincipal --role Reader --scope ${g.id}`);
    expect(Object.keys(a)).toEqual(['condition', 'conditionVersion', 'createdBy', 'createdOn', 'delegatedManagedIdentityResourceId', 'description', 'id', 'name', 'principalId', 'principalType', 'resourceGroup', 'roleDefinitionId', 'scope', 'type', 'updatedBy', 'updatedOn']);
    expect(a.roleDefinitionId).toMatch(/\/providers\/Microsoft\.Authorization\/roleDefinitions\/acdd72a7-3385-48ef-bd42-f606fba81ae7$/);
    expect(a.id).toBe(`${g.id}/providers/Microsoft.Authorization/roleAssignments/${a.name}`);
    const before = await json('az role assignment list --all');
    expect(before[0].principalName).toBe((await json(`az ad sp show --id ${a.principalId}`)).servicePrincipalNames[0]);
    expect(before[0].roleDefinitionName).toBe('Reader');
    expect((await run('az vm delete -g rg-demo -n web-1 --yes')).exitCode).toBe(0);
    const after = await json('az role assignment list --all');
    expect(after).toHaveLength(1);
    expect(after[0].principalName).toBe('');
    expect((await run('az role assignment list --all -o table')).stdout.split('\n')[0]).toMatch(/^Principal\s+Role\s+Scope$/);
    // By default only subscription-scope assignments; --scope with the group finds it.
    expect(await json('az role assignment list')).toEqual([]);
    expect(await json(`az role assignment list -g rg-demo`)).toHaveLength(1);
    expect(await run(`az role assignment delete --ids ${a.id}`)).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(await json('az role assignment list --all')).toEqual([]);
  });
  it('refuses an unknown role and an unknown assignee in az words', async () => {
    const { run, json } = await world();
    const g = await json('az group show -n rg-demo');
    expect((await run(`az role assignment create --assignee 00000000-0000-0000-0000-000000000001 --role Reader --scope ${g.id}`)).stderr).toContain("Cannot find user or service principal in graph database for '00000000-0000-0000-0000-000000000001'.");
    const vm = await json('az vm create -g rg-demo -n web-1 --image Ubuntu2204 --assign-identity');
    expect((await run(`az role assignment create --assignee ${vm.identity.systemAssignedIdentity} --role "Nope" --scope ${g.id}`)).stderr).toBe("ERROR: Role 'Nope' doesn't exist.\n");
    expect((await run(`az role assignment create --assignee ${vm.identity.systemAssignedIdentity} --role Reader`)).stderr).toBe('ERROR: the following arguments are required: --scope\n');
  });
  it('role definition list --name shows the role', async () => {
    const { json } = await world();
    const [def] = await json('az role definition list --name "Key Vault Secrets User"');
    expect(def).toMatchObject({ name: '4633458b-17de-408a-b874-0445c86b69e6', roleName: 'Key Vault Secrets User', roleType: 'BuiltInRole' });
  });
});

describe('az ad', () => {
  it('sp list --filter finds managed identities; sp show names a system-assigned one after its VM', async () => {
    const { json, run } = await world();
    const vm = await json('az vm create -g rg-demo -n web-1 --image Ubuntu2204 --assign-identity');
    const list = await json(`az ad sp list --filter "servicePrincipalType eq 'ManagedIdentity'"`);
    expect(list.map((s: { displayName: string }) => s.displayName)).toEqual(['web-1']);
    expect((await run(`az ad sp show --id ${vm.identity.systemAssignedIdentity} --query displayName -o tsv`)).stdout).toBe('web-1\n');
    expect((await run('az ad sp list')).stderr).toMatch(/^WARNING: The result is not complete/);
  });
  it('app create registers an app', async () => {
    const { json } = await world();
    const app = await json('az ad app create --display-name orders-api');
    expect(app.appId).toMatch(GUID);
    expect(app.displayName).toBe('orders-api');
  });
});

describe('key vault and storage', () => {
  it('keyvault create --enable-rbac-authorization false, set-policy, secret set/show', async () => {
    const { json, run } = await world();
    const kv = await json('az keyvault create -g rg-demo -n kv-demo-1 --enable-rbac-authorization false');
    expect(kv.properties.enableRbacAuthorization).toBe(false);
    const vm = await json('az vm create -g rg-demo -n web-1 --image Ubuntu2204 --assign-identity');
    const after = await json(`az keyvault set-policy -n kv-demo-1 --object-id ${vm.identity.systemAssignedIdentity} --secret-permissions get list`);
    expect(after.properties.accessPolicies[0]).toMatchObject({ objectId: vm.identity.systemAssignedIdentity, permissions: { secrets: ['get', 'list'] } });
    const s = await json('az keyvault secret set --vault-name kv-demo-1 -n db-password --value s3cret');
    expect(s.id).toMatch(/^https:\/\/kv-demo-1\.vault\.azure\.net\/secrets\/db-password\/[0-9a-f]+$/);
    expect((await run('az keyvault secret show --vault-name kv-demo-1 -n db-password --query value -o tsv')).stdout).toBe('s3cret\n');
    expect((await run('az keyvault secret show --vault-name kv-demo-1 -n nope')).exitCode).toBe(3);
  });
  it('storage account, container and blob', async () => {
    const { json, run } = await world();
    await json('az storage account create -g rg-demo -n stdemo1 -l westeurope --sku Standard_LRS');
    expect(await json('az storage container create --account-name stdemo1 -n docs --auth-mode login')).toEqual({ created: true });
    await json('az storage blob upload --account-name stdemo1 -c docs -n hello.txt --data "Hello there" --auth-mode login');
    expect((await run('az storage blob download --account-name stdemo1 -c docs -n hello.txt')).stdout).toBe('Hello there');
  });
});

describe('web and function apps', () => {
  it('webapp create, deployment slot create, identity assign on the slot', async () => {
    const { json } = await world();
    await json('az webapp create -g rg-demo -n app-1 -p plan');
    const slot = await json('az webapp deployment slot create -g rg-demo -n app-1 --slot staging');
    expect(slot.type).toBe('Microsoft.Web/sites/slots');
    const id = await json('az webapp identity assign -g rg-demo -n app-1 --slot staging');
    expect(id).toMatchObject({ type: 'SystemAssigned' });
    await json('az functionapp create -g rg-demo -n fn-1 -s stdemo1 -c westeurope');
    expect((await json('az functionapp identity assign -g rg-demo -n fn-1')).principalId).toMatch(GUID);
  });
});

describe('az itself', () => {
  it('names misspelled and unmodelled commands with the closest supported one', async () => {
    const { run } = await world();
    const typo = await run('az identiy create -g rg-demo -n x');
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toContain("ERROR: 'identiy' is misspelled or not recognized by the system.\nDid you mean 'identity' ?");
    const aks = await run('az aks create -g rg-demo -n k');
    expect(aks.stderr).toMatch(/does not model 'az aks'.*closest command it supports: az vm create/s);
  });
  it('refuses unknown arguments and bad choices with exit 2', async () => {
    const { run } = await world();
    expect(await run('az group list --bogus 1')).toEqual({ stdout: '', stderr: 'ERROR: unrecognized arguments: --bogus 1\n', exitCode: 2 });
    expect((await run('az group list -o jsn')).stderr).toBe("ERROR: az group list: 'jsn' is not a valid value for '--output'. Allowed values: json, jsonc, none, table, tsv, yaml, yamlc.\nDid you mean 'json' ?\n");
    expect((await run('az group show -n')).stderr).toBe('ERROR: argument --name/--resource-group/-n/-g: expected one argument\n');
  });
  it('--help prints the Command / Arguments / Global Arguments / Examples layout', async () => {
    const { run } = await world();
    const help = (await run('az role assignment create --help')).stdout;
    expect(help).toMatch(/^\nCommand\n {4}az role assignment create : Create a new role assignment/);
    expect(help).toMatch(/\nArguments\n {4}--role \[Required\] +: Role name or id\./);
    expect(help).toContain('\nGlobal Arguments\n');
    expect(help).toContain('\nExamples\n');
    const group = (await run('az vm')).stdout;
    expect(group).toMatch(/\nGroup\n {4}az vm : Manage Linux or Windows virtual machines\.\n\nSubgroups:\n {4}identity/);
  });
  it('tsv and table follow knack: sorted keys without --query, query order with it', async () => {
    const { run } = await world();
    expect((await run('az group list --query "[].{n:name, l:location}" -o tsv')).stdout).toBe('rg-demo\twesteurope\n');
    expect((await run('az group list --query "[].{n:name, l:location}" -o table')).stdout).toBe('N        L\n-------  ----------\nrg-demo  westeurope\n');
    expect((await run('az group show -n rg-demo -o tsv')).stdout).toMatch(/^\/subscriptions\/[^\t]+\twesteurope\tNone\trg-demo\t\tNone\tMicrosoft\.Resources\/resourceGroups\n$/);
  });
});
