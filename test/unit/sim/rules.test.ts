// Naming rules, conflicts, role assignment validation and RBAC decisions.
import { describe, expect, it } from 'vitest';
import { assignmentsAt, checkAccess, findRole, operationMatches, rolePermits, type Action } from '../../../src/sim/index.ts';
import { RG, Sim, id } from '../helpers.ts';

const HOSTILE = ['"quoted"', 'a[b]', 'x-->y', '%%{init: {"theme":"dark"}}%%', '<img src=x onerror=alert(1)>', 'a b', 'semi;colon', 'tick`', ''];

function world() {
  const s = new Sim();
  s.rg();
  return s;
}

describe('naming rules [D9 resource-name-rules]', () => {
  const kinds = ['vm', 'webApp', 'functionApp', 'logicApp', 'containerApp', 'keyVault', 'storageAccount', 'userAssignedIdentity'] as const;
  for (const kind of kinds) {
    it(`refuses hostile names for ${kind} and changes nothing`, () => {
      const s = world();
      for (const name of HOSTILE) {
        const before = s.world;
        const out = s.try({ type: 'resource.create', kind, resourceGroup: RG, name });
        expect(out.ok, `${kind} "${name}"`).toBe(false);
        expect(out.error!.status).toBe(400);
        expect(s.world).toBe(before);
      }
    });
  }

  it('resource groups: InvalidResourceGroup lists the invalid characters [helper note: azure-cli#14481]', () => {
    const s = new Sim();
    const out = s.try({ type: 'resourceGroup.create', name: 'bad name!' });
    expect(out.error).toEqual({
      status: 400,
      code: 'InvalidResourceGroup',
      message: "The provided resource group name 'bad name!' has these invalid characters: ' !'. The name can only be a letter, digit, '-', '.', '(', ')' or '_'.",
    });
    expect(s.try({ type: 'resourceGroup.create', name: 'ends.' }).ok).toBe(false);
    expect(s.try({ type: 'resourceGroup.create', name: 'x'.repeat(91) }).ok).toBe(false);
    expect(s.try({ type: 'resourceGroup.create', name: 'Ünïcode_(ok).v1' }).ok).toBe(true);
  });

  it('the exact provider errors [D9; VaultNameNotValid, AccountNameInvalid, ContainerAppInvalidName, InvalidParameter]', () => {
    const s = world();
    expect(s.try({ type: 'resource.create', kind: 'keyVault', resourceGroup: RG, name: 'kv--double' }).error!.code).toBe('VaultNameNotValid');
    expect(s.try({ type: 'resource.create', kind: 'storageAccount', resourceGroup: RG, name: 'UPPER' }).error!.message).toBe(
      'UPPER is not a valid storage account name. Storage account name must be between 3 and 24 characters in length and use numbers and lower-case letters only.',
    );
    expect(s.try({ type: 'resource.create', kind: 'containerApp', resourceGroup: RG, name: 'WebFrontEnd' }).error!.code).toBe('ContainerAppInvalidName');
    expect(s.try({ type: 'resource.create', kind: 'vm', resourceGroup: RG, name: 'web_1' }).error!.code).toBe('InvalidParameter');
    expect(s.try({ type: 'resource.create', kind: 'webApp', resourceGroup: RG, name: '-shop' }).error!.message).toBe('The host name -shop.azurewebsites.net is invalid.');
    expect(s.try({ type: 'resource.create', kind: 'userAssignedIdentity', resourceGroup: RG, name: '_x1' }).error!.code).toBe('InvalidResourceName');
  });

  it('accepts names at the edges of each rule', () => {
    const s = world();
    const ok: Action[] = [
      { type: 'resource.create', kind: 'vm', resourceGroup: RG, name: 'v'.repeat(64) },
      { type: 'resource.create', kind: 'userAssignedIdentity', resourceGroup: RG, name: 'id_' + 'x'.repeat(125) },
      { type: 'resource.create', kind: 'keyVault', resourceGroup: RG, name: 'kv-' + 'a'.repeat(21) },
      { type: 'resource.create', kind: 'storageAccount', resourceGroup: RG, name: 'abc' },
      { type: 'resource.create', kind: 'containerApp', resourceGroup: RG, name: 'ab' },
      { type: 'resource.create', kind: 'logicApp', resourceGroup: RG, name: 'Flow_(1).v2' },
    ];
    for (const a of ok) expect(s.try(a).ok, JSON.stringify(a)).toBe(true);
  });
});

describe('duplicates conflict as Azure does', () => {
  it('globally unique names: storage, vault, web apps (across resource groups) [D9]', () => {
    const s = world();
    s.rg('rg-two');
    s.do({ type: 'resource.create', kind: 'storageAccount', resourceGroup: RG, name: 'stone' });
    s.do({ type: 'resource.create', kind: 'keyVault', resourceGroup: RG, name: 'kv-one' });
    s.do({ type: 'resource.create', kind: 'webApp', resourceGroup: RG, name: 'shop' });
    expect(s.try({ type: 'resource.create', kind: 'storageAccount', resourceGroup: 'rg-two', name: 'stone' }).error).toMatchObject({ status: 409, code: 'StorageAccountAlreadyTaken', message: 'The storage account named stone is already taken.' });
    expect(s.try({ type: 'resource.create', kind: 'keyVault', resourceGroup: 'rg-two', name: 'KV-ONE' }).error).toMatchObject({ status: 409, code: 'VaultAlreadyExists' });
    // A function app shares the azurewebsites.net namespace with web apps.
    expect(s.try({ type: 'resource.create', kind: 'functionApp', resourceGroup: 'rg-two', name: 'shop' }).error).toMatchObject({ status: 409, code: 'Conflict', message: 'Website with given name shop already exists.' });
  });

  it('names unique per resource group: the same VM name in another group is fine; in the same group it is the same resource', () => {
    const s = world();
    s.rg('rg-two');
    s.vm('web-1');
    expect(s.try({ type: 'resource.create', kind: 'vm', resourceGroup: 'rg-two', name: 'web-1' }).ok).toBe(true);
    const again = s.try({ type: 'resource.create', kind: 'vm', resourceGroup: RG, name: 'WEB-1' });
    expect(again.ok).toBe(true);
    expect(again.created).toEqual([]);
    // A VM and an identity may share a name: different types.
    expect(s.try({ type: 'resource.create', kind: 'userAssignedIdentity', resourceGroup: RG, name: 'web-1' }).created).toHaveLength(2);
  });

  it('a resource group keeps its location: another one is 409 InvalidResourceGroupLocation, the same one again changes nothing [§4 ARM resource group location, D33, azure-cli#22242, algo#1814]', () => {
    const s = new Sim();
    s.do({ type: 'resourceGroup.create', name: 'rg-loc', location: 'westus' });
    const before = s.world;
    const moved = s.try({ type: 'resourceGroup.create', name: 'RG-LOC', location: 'eastus' });
    expect(moved.ok).toBe(false);
    expect(moved.error).toEqual({ status: 409, code: 'InvalidResourceGroupLocation', message: "Invalid resource group location 'eastus'. The Resource group already exists in location 'westus'." });
    expect(s.world).toBe(before);
    // The same location, however it is written, is an update that changes nothing.
    for (const location of ['westus', 'WestUS', 'West US']) {
      const again = s.try({ type: 'resourceGroup.create', name: 'rg-loc', location });
      expect(again.ok, location).toBe(true);
      expect(again.created).toEqual([]);
      expect(again.changed).toEqual([]);
    }
    // No location given: nothing to compare.
    expect(s.try({ type: 'resourceGroup.create', name: 'rg-loc' }).ok).toBe(true);
    expect(Object.values(s.world.resourceGroups).map((g) => g.location)).toEqual(['westus']);
  });

  it('slots are unique per app', () => {
    const s = world();
    s.do({ type: 'resource.create', kind: 'webApp', resourceGroup: RG, name: 'shop' });
    s.do({ type: 'slot.create', siteId: id.web('shop'), name: 'staging' });
    expect(s.try({ type: 'slot.create', siteId: id.web('shop'), name: 'staging' }).error!.status).toBe(409);
    expect(s.try({ type: 'slot.create', siteId: id.web('shop'), name: 'Slot 1' }).error).toMatchObject({ code: 'BadRequest', message: 'Name Slot 1 is not valid.' });
    expect(s.try({ type: 'slot.create', siteId: id.vm('nope'), name: 'staging' }).error!.code).toBe('ResourceNotFound');
  });
});

describe('role assignments', () => {
  function granted() {
    const s = world();
    s.vm('web-1', { systemAssigned: true });
    s.do({ type: 'resource.create', kind: 'keyVault', resourceGroup: RG, name: 'kv-one' });
    return s;
  }

  it('has the ARM id, name, scope, principal type and role definition id [§4 Scopes, D11][D12][§6 az role assignment create]', () => {
    const s = granted();
    const out = s.do({ type: 'roleAssignment.create', scope: id.kv('kv-one'), role: 'Key Vault Secrets User', assignee: id.vm('web-1') });
    const a = Object.values(s.world.roleAssignments)[0]!;
    const sub = Object.values(s.world.subscriptions)[0]!.subscriptionId;
    expect(a.id).toBe(`${a.scope}/providers/Microsoft.Authorization/roleAssignments/${a.name}`);
    expect(a.roleDefinitionId).toBe(`/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6`);
    expect(a.principalId).toBe(s.principal(id.vm('web-1')));
    expect(a.principalType).toBe('ServicePrincipal');
    expect(out.response).toMatchObject({ type: 'Microsoft.Authorization/roleAssignments', resourceGroup: RG, scope: a.scope, principalId: a.principalId });
  });

  it('accepts the assignee as object id or app id, like --assignee [§6]', () => {
    const s = granted();
    const sp = s.world.servicePrincipals[s.principal(id.vm('web-1'))]!;
    expect(s.try({ type: 'roleAssignment.create', scope: id.rg(), role: 'Reader', assignee: sp.id }).ok).toBe(true);
    expect(s.try({ type: 'roleAssignment.create', scope: id.rg(), role: 'acdd72a7-3385-48ef-bd42-f606fba81ae7', assignee: sp.appId }).error!.code).toBe('RoleAssignmentExists');
  });

  it('refuses a duplicate with RoleAssignmentExists naming the existing id [409]', () => {
    const s = granted();
    s.do({ type: 'roleAssignment.create', scope: id.kv('kv-one'), role: 'Key Vault Secrets User', assignee: id.vm('web-1') });
    const existing = Object.values(s.world.roleAssignments)[0]!;
    const out = s.try({ type: 'roleAssignment.create', scope: id.kv('kv-one'), role: 'Key Vault Secrets User', assignee: id.vm('web-1') });
    expect(out.error).toEqual({ status: 409, code: 'RoleAssignmentExists', message: `The role assignment already exists. The ID of the existing role assignment is ${existing.name.replace(/-/g, '')}.` });
  });

  it('refuses an unknown principal, an unknown role, a bad name and a missing scope [D11]', () => {
    const s = granted();
    const ghost = '0f14a80d-42e5-4d57-afe0-46acf9dfae05';
    expect(s.try({ type: 'roleAssignment.create', scope: id.rg(), role: 'Reader', assignee: ghost }).error!.message).toMatch(
      new RegExp(`^Principal 0f14a80d42e54d57afe046acf9dfae05 does not exist in the directory ${s.world.tenant.id}\\.`),
    );
    expect(s.try({ type: 'roleAssignment.create', scope: id.rg(), role: 'Key Vault Secret User', assignee: id.vm('web-1') }).error!.code).toBe('RoleDefinitionDoesNotExist');
    expect(s.try({ type: 'roleAssignment.create', scope: id.rg(), role: 'Reader', assignee: id.vm('web-1'), name: 'kv-role' }).error).toMatchObject({
      code: 'InvalidRoleAssignmentId',
      message: "The role assignment ID 'kv-role' is not valid. The role assignment ID must be a GUID.",
    });
    expect(s.try({ type: 'roleAssignment.create', scope: id.kv('missing'), role: 'Reader', assignee: id.vm('web-1') }).error!.code).toBe('ResourceNotFound');
    expect(s.try({ type: 'roleAssignment.create', scope: '/resourceGroups/nope', role: 'Reader', assignee: id.vm('web-1') }).error!.code).toBe('ResourceGroupNotFound');
    s.vm('no-identity');
    expect(s.try({ type: 'roleAssignment.create', scope: id.rg(), role: 'Reader', assignee: id.vm('no-identity') }).error!.message).toMatch(/no system-assigned managed identity/);
  });

  it('can be made at management group, subscription, resource group, resource and child scopes [§4 Scopes, D12]', () => {
    const s = granted();
    const tenant = s.world.tenant.id;
    s.do({ type: 'keyVault.secret.set', vaultId: id.kv('kv-one'), name: 'db-password', value: 'x' });
    const scopes = [`/providers/Microsoft.Management/managementGroups/${tenant}`, `/subscriptions/${Object.keys(s.world.subscriptions)[0]}`, id.rg(), id.kv('kv-one'), `${id.kv('kv-one')}/secrets/db-password`];
    for (const scope of scopes) expect(s.try({ type: 'roleAssignment.create', scope, role: 'Reader', assignee: id.vm('web-1') }).ok, scope).toBe(true);
    expect(Object.keys(s.world.roleAssignments)).toHaveLength(5);
    const at = assignmentsAt(s.world, s.res(id.kv('kv-one')).id);
    expect(at.filter((x) => x.inherited)).toHaveLength(3);
    expect(at.filter((x) => !x.inherited)).toHaveLength(1);
  });
});

describe('RBAC decisions [§4 Scopes, inheritance; D12][D20]', () => {
  it('wildcards: * matches across segments, case-insensitively', () => {
    expect(operationMatches('*', 'Microsoft.KeyVault/vaults/read')).toBe(true);
    expect(operationMatches('*/read', 'Microsoft.KeyVault/vaults/read')).toBe(true);
    expect(operationMatches('*/read', 'Microsoft.KeyVault/vaults/write')).toBe(false);
    expect(operationMatches('Microsoft.KeyVault/vaults/*/read', 'microsoft.keyvault/vaults/secrets/read')).toBe(true);
    expect(operationMatches('Microsoft.Authorization/*/Write', 'Microsoft.Authorization/roleAssignments/write')).toBe(true);
  });

  it('Owner and Contributor grant no data actions; Contributor cannot write role assignments [§4 Built-in roles, D13][D20]', () => {
    const owner = findRole('Owner')!;
    const contributor = findRole('Contributor')!;
    const blobRead = 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read';
    expect(rolePermits(owner, blobRead, true)).toBe(false);
    expect(rolePermits(owner, 'Microsoft.Storage/storageAccounts/read', false)).toBe(true);
    expect(rolePermits(contributor, 'Microsoft.Authorization/roleAssignments/write', false)).toBe(false);
    expect(rolePermits(owner, 'Microsoft.Authorization/roleAssignments/write', false)).toBe(true);
    expect(rolePermits(findRole('Key Vault Reader')!, 'Microsoft.KeyVault/vaults/secrets/getSecret/action', true)).toBe(false);
    expect(rolePermits(findRole('Key Vault Secrets User')!, 'Microsoft.KeyVault/vaults/secrets/getSecret/action', true)).toBe(true);
  });

  it('allows through an inherited assignment and names it; denies with the reason when none applies', () => {
    const s = world();
    s.vm('web-1', { systemAssigned: true });
    s.do({ type: 'resource.create', kind: 'keyVault', resourceGroup: RG, name: 'kv-one' });
    s.do({ type: 'settings.set', propagationDelay: 0 });
    const pid = s.principal(id.vm('web-1'));
    const kv = s.res(id.kv('kv-one')).id;
    const op = 'Microsoft.KeyVault/vaults/secrets/getSecret/action';
    const denied = checkAccess(s.world, pid, op, kv, true);
    expect(denied.allowed).toBe(false);
    expect(denied.considered).toEqual([]);
    expect(denied.reason).toMatch(/No role assignment/);
    s.do({ type: 'roleAssignment.create', scope: id.rg(), role: 'Owner', assignee: id.vm('web-1') });
    const owner = checkAccess(s.world, pid, op, kv, true);
    expect(owner.allowed).toBe(false);
    expect(owner.reason).toMatch(/data role/);
    s.do({ type: 'roleAssignment.create', scope: id.rg(), role: 'Key Vault Secrets User', assignee: id.vm('web-1') });
    const ok = checkAccess(s.world, pid, op, kv, true);
    expect(ok.allowed).toBe(true);
    expect(ok.granted).toMatchObject({ roleName: 'Key Vault Secrets User', level: 'resourceGroup', inherited: true });
  });

  it('a new assignment takes effect after the simulated propagation delay [§4 propagation, D11][Decisions]', () => {
    const s = world();
    s.vm('web-1', { systemAssigned: true });
    s.do({ type: 'roleAssignment.create', scope: id.rg(), role: 'Reader', assignee: id.vm('web-1') });
    const pid = s.principal(id.vm('web-1'));
    const vmId = s.res(id.vm('web-1')).id;
    const early = checkAccess(s.world, pid, 'Microsoft.Compute/virtualMachines/read', vmId, false);
    expect(early.allowed).toBe(false);
    expect(early.pending).toHaveLength(1);
    expect(early.reason).toMatch(/not propagated yet.*5 more minutes/);
    s.do({ type: 'clock.advance', seconds: 300 });
    expect(checkAccess(s.world, pid, 'Microsoft.Compute/virtualMachines/read', vmId, false).allowed).toBe(true);
  });
});
