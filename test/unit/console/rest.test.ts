// az rest against the simulated ARM and Microsoft Graph: writes become the sandbox's own actions (the
// ones the panels send), and refusals are the service's error body inside az's "<reason>(<body>)"
// (azure-cli-core/azure/cli/core/util.py send_raw_request: a CLIError, exit code 1).
import { describe, expect, it } from 'vitest';
import { consoleWithGroup } from './host.ts';

async function world() {
  const w = await consoleWithGroup();
  const sub = (await w.json('az account show')).id as string;
  return { ...w, sub, rg: `/subscriptions/${sub}/resourceGroups/rg-demo` };
}

const q = (body: unknown) => `'${JSON.stringify(body)}'`;

describe('az rest on Azure Resource Manager', () => {
  it('PUT creates a user-assigned identity (ARM shape, nested properties) as resource.create', async () => {
    const { json, host, rg } = await world();
    const u = await json(`az rest --method put --url "${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-api?api-version=2023-01-31" --body ${q({ location: 'westeurope' })}`);
    expect(Object.keys(u)).toEqual(['id', 'location', 'name', 'properties', 'tags', 'type']);
    expect(Object.keys(u.properties)).toEqual(['clientId', 'principalId', 'tenantId']);
    expect(host.actions.at(-1)).toEqual({ type: 'resource.create', kind: 'userAssignedIdentity', resourceGroup: 'rg-demo', name: 'id-api', location: 'westeurope' });
    // PUT again is an update: nothing new is sent.
    const again = await json(`az rest -m put -u "${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-api?api-version=2023-01-31" -b ${q({ location: 'westeurope' })}`);
    expect(again.properties.principalId).toBe(u.properties.principalId);
    expect(host.actions).toHaveLength(2);
    expect((await json('az identity show -g rg-demo -n id-api')).principalId).toBe(u.properties.principalId);
  });

  it("refuses what ARM refuses, in ARM's error body", async () => {
    const { run, rg } = await world();
    const url = `${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-x`;
    expect(await run(`az rest --method put --url "${url}" --body ${q({ location: 'westeurope' })}`)).toEqual({
      stdout: '',
      stderr: 'ERROR: Bad Request({"error":{"code":"MissingApiVersionParameter","message":"The api-version query parameter (?api-version=) is required for all requests."}})\n',
      exitCode: 1,
    });
    expect((await run(`az rest --method put --url "${url}?api-version=2023-01-31"`)).stderr).toBe('ERROR: Bad Request({"error":{"code":"LocationRequired","message":"The location property is required for this definition."}})\n');
    expect((await run(`az rest --method put --url "${url}?api-version=2023-01-31" --body '{location: 1'`)).stderr).toMatch(/^ERROR: Bad Request\(\{"error":\{"code":"InvalidRequestContent","message":"The request content was invalid and could not be deserialized: /);
    // A resource group keeps its location [§4 ARM resource group location, D33, azure-cli#22242]; the same one again is a 200.
    expect((await run(`az rest --method put --url "${rg}?api-version=2021-04-01" --body ${q({ location: 'eastus' })}`)).stderr).toBe(
      `ERROR: Conflict({"error":{"code":"InvalidResourceGroupLocation","message":"Invalid resource group location 'eastus'. The Resource group already exists in location 'westeurope'."}})\n`,
    );
    expect(JSON.parse((await run(`az rest --method put --url "${rg}?api-version=2021-04-01" --body ${q({ location: 'westeurope' })}`)).stdout)).toMatchObject({ name: 'rg-demo', location: 'westeurope' });
    expect((await run(`az rest --method put --url "/subscriptions/{subscriptionId}/resourceGroups/rg-nope/providers/Microsoft.ManagedIdentity/userAssignedIdentities/x?api-version=2023-01-31" --body ${q({ location: 'westeurope' })}`)).stderr).toBe(
      `ERROR: Not Found({"error":{"code":"ResourceGroupNotFound","message":"Resource group 'rg-nope' could not be found."}})\n`,
    );
  });

  it("PATCH of a VM's identity object enables, adds and removes identities as the identity actions", async () => {
    const { json, run, host, rg } = await world();
    await json('az vm create -g rg-demo -n vm-1 --image Ubuntu2204');
    const u = await json('az identity create -g rg-demo -n id-1');
    const vm = `${rg}/providers/Microsoft.Compute/virtualMachines/vm-1?api-version=2024-07-01`;
    const on = await json(`az rest --method patch --url "${vm}" --body ${q({ identity: { type: 'SystemAssigned' } })}`);
    expect(on.identity.type).toBe('SystemAssigned');
    expect(host.actions.at(-1)).toMatchObject({ type: 'identity.system.enable' });
    const both = await json(`az rest --method patch --url "${vm}" --body ${q({ identity: { type: 'SystemAssigned, UserAssigned', userAssignedIdentities: { [u.id]: {} } } })}`);
    expect(both.identity.type).toBe('SystemAssigned, UserAssigned');
    expect(host.actions.at(-1)).toMatchObject({ type: 'identity.user.assign', identityId: u.id });
    // null removes one user-assigned identity; the system-assigned one stays.
    const one = await json(`az rest --method patch --url "${vm}" --body ${q({ identity: { type: 'SystemAssigned', userAssignedIdentities: { [u.id]: null } } })}`);
    expect(one.identity).toMatchObject({ type: 'SystemAssigned' });
    expect(one.identity.userAssignedIdentities).toBeUndefined();
    const none = await json(`az rest --method patch --url "${vm}" --body ${q({ identity: { type: 'None' } })}`);
    expect(none.identity).toBeNull();
    expect((await run(`az rest --method patch --url "${vm}" --body ${q({ identity: { type: 'Everything' } })}`)).stderr).toMatch(/^ERROR: Bad Request\(\{"error":\{"code":"InvalidIdentityType"/);
  });

  it('PUT of a role assignment by GUID is roleAssignment.create; bad names and principals are refused', async () => {
    const { json, run, host, rg } = await world();
    const u = await json('az identity create -g rg-demo -n id-1');
    const name = '6f2d2c6a-1b8e-4f0e-9a55-0d1b2c3d4e5f';
    const url = `${rg}/providers/Microsoft.Authorization/roleAssignments/${name}?api-version=2022-04-01`;
    const reader = '/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7';
    const a = await json(`az rest --method put --url "${url}" --body ${q({ properties: { roleDefinitionId: reader, principalId: u.principalId, principalType: 'ServicePrincipal' } })}`);
    expect(a).toMatchObject({ name, type: 'Microsoft.Authorization/roleAssignments', properties: { principalId: u.principalId, scope: rg } });
    expect(host.actions.at(-1)).toEqual({ type: 'roleAssignment.create', scope: rg, role: reader, assignee: u.principalId, name });
    const listed = await json('az role assignment list --all');
    expect(listed.map((x: { name: string }) => x.name)).toEqual([name]);
    expect((await run(`az rest --method put --url "${rg}/providers/Microsoft.Authorization/roleAssignments/my-grant?api-version=2022-04-01" --body ${q({ properties: { roleDefinitionId: reader, principalId: u.principalId } })}`)).stderr).toBe(
      `ERROR: Bad Request({"error":{"code":"InvalidRoleAssignmentId","message":"The role assignment ID 'my-grant' is not valid. The role assignment ID must be a GUID."}})\n`,
    );
    expect((await run(`az rest --method put --url "${url.replace(name, '0f2d2c6a-1b8e-4f0e-9a55-0d1b2c3d4e5f')}" --body ${q({ properties: { roleDefinitionId: reader, principalId: 'User' } })}`)).stderr).toBe(
      `ERROR: Bad Request({"error":{"code":"InvalidPrincipalId","message":"The Principal ID 'User' is not valid. Principal ID must be a GUID."}})\n`,
    );
    // DELETE by the same URL removes it (roleAssignment.delete) and prints the assignment it removed.
    const gone = await json(`az rest --method delete --url "${url}"`);
    expect(gone.name).toBe(name);
    expect(host.actions.at(-1)).toMatchObject({ type: 'roleAssignment.delete' });
    expect(await json('az role assignment list --all')).toEqual([]);
  });

  it('DELETE of a resource is resource.delete; a resource that is not there is a 204 with nothing printed', async () => {
    const { json, run, host, rg } = await world();
    await json('az identity create -g rg-demo -n id-1');
    const url = `${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-1?api-version=2023-01-31`;
    expect(await run(`az rest --method delete --url "${url}"`)).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(host.actions.at(-1)).toMatchObject({ type: 'resource.delete' });
    const n = host.actions.length;
    expect(await run(`az rest --method delete --url "${url}"`)).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(host.actions).toHaveLength(n);
  });

  it('says plainly what it does not model', async () => {
    const { run } = await world();
    expect((await run('az rest --url https://example.com/x')).stderr).toMatch(/^ERROR: The sandbox's az rest does not model example\.com/);
    expect((await run('az rest --method post --url "/subscriptions/{subscriptionId}/resourceGroups/rg-demo?api-version=2021-04-01"')).stderr).toMatch(/does not model POST on Azure Resource Manager/);
  });
});

describe('az rest on Microsoft Graph: app role assignments to a managed identity', () => {
  it("POST .../servicePrincipals/{mi}/appRoleAssignments is appRole.assign; GET lists; DELETE is appRole.unassign", async () => {
    const { json, run, host } = await world();
    const app = await json(`az ad app create --display-name orders-api --app-roles ${q([{ allowedMemberTypes: ['Application'], description: 'Read orders', displayName: 'Orders.Read', isEnabled: 'true', value: 'Orders.Read' }])}`);
    const api = await json(`az ad sp show --id ${app.appId}`);
    const roleId = api.appRoles[0].id;
    const mi = await json('az identity create -g rg-demo -n id-1');
    const url = `https://graph.microsoft.com/v1.0/servicePrincipals/${mi.principalId}/appRoleAssignments`;
    const a = await json(`az rest --method post --url ${url} --body ${q({ principalId: mi.principalId, resourceId: api.id, appRoleId: roleId })}`);
    expect(a).toMatchObject({ appRoleId: roleId, principalDisplayName: 'id-1', principalId: mi.principalId, principalType: 'ServicePrincipal', resourceDisplayName: 'orders-api', resourceId: api.id });
    expect(host.actions.at(-1)).toEqual({ type: 'appRole.assign', app: app.appId, role: roleId, assignee: mi.principalId });
    expect((await json(`az rest --url ${url}`)).value).toHaveLength(1);
    expect((await json(`az rest --url https://graph.microsoft.com/v1.0/servicePrincipals/${mi.principalId} --query servicePrincipalType -o json`))).toBe('ManagedIdentity');
    // Graph's refusal keeps its envelope, with innerError.
    const dup = await run(`az rest --method post --url ${url} --body ${q({ principalId: mi.principalId, resourceId: api.id, appRoleId: roleId })}`);
    expect(dup.exitCode).toBe(1);
    expect(dup.stderr).toMatch(/^ERROR: Bad Request\(\{"error":\{"code":"Request_BadRequest","message":"Permission being assigned already exists on the object","innerError":\{"date":"[^"]+","request-id":"[0-9a-f-]{36}","client-request-id":"[0-9a-f-]{36}"\}\}\}\)\n$/);
    expect(await run(`az rest --method delete --url ${url}/${a.id}`)).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(host.actions.at(-1)).toMatchObject({ type: 'appRole.unassign', app: app.appId });
    expect((await json(`az rest --url ${url}`)).value).toEqual([]);
  });
  it('an unknown service principal is Graph\'s Request_ResourceNotFound', async () => {
    const { run } = await world();
    const r = await run('az rest --method post --url https://graph.microsoft.com/v1.0/servicePrincipals/00000000-0000-0000-0000-000000000009/appRoleAssignments --body "{}"');
    expect(r.stderr).toMatch(/^ERROR: Not Found\(\{"error":\{"code":"Request_ResourceNotFound","message":"Resource '00000000-0000-0000-0000-000000000009' does not exist or one of its queried reference-property objects are not present\."/);
  });
});
