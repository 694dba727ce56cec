// Lifecycle rules of managed identities. Each test names the fact of docs/azure-behaviour.md
// (§ and source key) it checks.
import { describe, expect, it } from 'vitest';
import { armIdentity, assignmentsAt, displayName, isOrphaned, isStale, resourcesUsing, type SourceResource } from '../../../src/sim/index.ts';
import { RG, Sim, id } from '../helpers.ts';

function setup() {
  const s = new Sim();
  s.rg();
  return s;
}

describe('system-assigned identities', () => {
  it('enabling creates a ManagedIdentity service principal named after the resource [§1 SAMI, D1]', () => {
    const s = setup();
    s.vm('web-1');
    const out = s.do({ type: 'identity.system.enable', resourceId: id.vm('web-1') });
    const vm = s.res(id.vm('web-1')) as SourceResource;
    const pid = vm.identity.systemAssigned!.principalId;
    const sp = s.world.servicePrincipals[pid]!;
    expect(sp.displayName).toBe('web-1');
    expect(sp.servicePrincipalType).toBe('ManagedIdentity');
    expect(sp.owner).toEqual({ kind: 'systemAssigned', resourceId: vm.id });
    expect(sp.alternativeNames).toEqual(['isExplicit=False', vm.id]);
    expect(sp.servicePrincipalNames[0]).toBe(sp.appId);
    expect(sp.servicePrincipalNames[1]).toMatch(/^https:\/\/identity\.azure\.net\/[A-Za-z0-9+/]+=*$/);
    expect(out.created).toEqual([pid]);
    expect(out.changed).toEqual([vm.id]);
  });

  it('the ARM identity object has type, principalId and tenantId [§1 SAMI, D6]', () => {
    const s = setup();
    s.vm('web-1', { systemAssigned: true });
    const vm = s.res(id.vm('web-1')) as SourceResource;
    expect(armIdentity(vm)).toEqual({ type: 'SystemAssigned', principalId: vm.identity.systemAssigned!.principalId, tenantId: s.world.tenant.id });
  });

  it('a deployment slot identity is named <app>/slots/<slot> [§1 SAMI, D1]', () => {
    const s = setup();
    s.do({ type: 'resource.create', kind: 'webApp', resourceGroup: RG, name: 'shop' });
    s.do({ type: 'slot.create', siteId: id.web('shop'), name: 'staging' });
    s.do({ type: 'identity.system.enable', resourceId: id.slot('shop', 'staging') });
    const slot = s.res(id.slot('shop', 'staging')) as SourceResource;
    expect(slot.name).toBe('shop/staging');
    expect(displayName(slot)).toBe('shop/slots/staging');
    expect(s.world.servicePrincipals[slot.identity.systemAssigned!.principalId]!.displayName).toBe('shop/slots/staging');
    // The app's own identity is separate from the slot's.
    const app = s.res(id.web('shop')) as SourceResource;
    expect(app.identity.systemAssigned).toBeNull();
  });

  it('disabling deletes the service principal [§1 SAMI, D6]', () => {
    const s = setup();
    s.vm('web-1', { systemAssigned: true });
    const pid = s.principal(id.vm('web-1'));
    const out = s.do({ type: 'identity.system.disable', resourceId: id.vm('web-1') });
    expect(s.world.servicePrincipals[pid]).toBeUndefined();
    expect(out.deleted).toContain(pid);
    expect(armIdentity(s.res(id.vm('web-1')) as SourceResource)).toEqual({ type: 'None' });
  });

  it('deleting the resource deletes its service principal [§1 SAMI, D1]', () => {
    const s = setup();
    s.vm('web-1', { systemAssigned: true });
    const pid = s.principal(id.vm('web-1'));
    s.do({ type: 'resource.delete', id: id.vm('web-1') });
    expect(s.world.servicePrincipals[pid]).toBeUndefined();
    expect(s.world.deletedPrincipals[pid]).toMatchObject({ displayName: 'web-1', kind: 'systemAssigned' });
  });

  it('re-enabling gives new ids [§1 SAMI, D3][D5]', () => {
    const s = setup();
    s.vm('web-1', { systemAssigned: true });
    const first = s.world.servicePrincipals[s.principal(id.vm('web-1'))]!;
    s.do({ type: 'identity.system.disable', resourceId: id.vm('web-1') });
    s.do({ type: 'identity.system.enable', resourceId: id.vm('web-1') });
    const second = s.world.servicePrincipals[s.principal(id.vm('web-1'))]!;
    expect(second.id).not.toBe(first.id);
    expect(second.appId).not.toBe(first.appId);
  });

  it('deleting a web app deletes its slots and their identities', () => {
    const s = setup();
    s.do({ type: 'resource.create', kind: 'webApp', resourceGroup: RG, name: 'shop', identity: { systemAssigned: true } });
    s.do({ type: 'slot.create', siteId: id.web('shop'), name: 'staging' });
    s.do({ type: 'identity.system.enable', resourceId: id.slot('shop', 'staging') });
    s.do({ type: 'resource.delete', id: id.web('shop') });
    expect(Object.keys(s.world.resources)).toEqual([]);
    expect(Object.keys(s.world.servicePrincipals)).toEqual([]);
  });
});

describe('user-assigned identities', () => {
  it('is a Microsoft.ManagedIdentity/userAssignedIdentities resource with its own principal [§1 UAMI, D10][D3]', () => {
    const s = setup();
    s.uami('app-id');
    const u = s.res(id.uami('app-id'));
    expect(u.type).toBe('Microsoft.ManagedIdentity/userAssignedIdentities');
    expect(u.id).toMatch(/^\/subscriptions\/[0-9a-f-]{36}\/resourcegroups\/rg-demo\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/app-id$/);
    if (u.kind !== 'userAssignedIdentity') throw new Error();
    const sp = s.world.servicePrincipals[u.principalId]!;
    expect(sp.appId).toBe(u.clientId);
    expect(sp.alternativeNames).toEqual(['isExplicit=True', u.id]);
    expect(u.tenantId).toBe(s.world.tenant.id);
  });

  it('can serve many resources and outlives them [§1 UAMI, D1][D4]', () => {
    const s = setup();
    s.uami('shared');
    s.vm('web-1', { userAssigned: [id.uami('shared')] });
    s.vm('web-2', { userAssigned: [id.uami('shared')] });
    expect(resourcesUsing(s.world, id.uami('shared')).map((r) => r.name)).toEqual(['web-1', 'web-2']);
    const pid = s.principal(id.uami('shared'));
    s.do({ type: 'resource.delete', id: id.vm('web-1') });
    expect(s.world.servicePrincipals[pid]).toBeDefined();
    s.do({ type: 'resource.delete', id: id.vm('web-2') });
    expect(s.world.servicePrincipals[pid]).toBeDefined();
    expect(s.res(id.uami('shared'))).toBeDefined();
  });

  it('the ARM identity lists each user-assigned identity with principalId and clientId [§1 UAMI, D6]', () => {
    const s = setup();
    s.uami('shared');
    s.vm('web-1', { systemAssigned: true, userAssigned: [id.uami('shared')] });
    const vm = s.res(id.vm('web-1')) as SourceResource;
    const u = s.res(id.uami('shared'));
    if (u.kind !== 'userAssignedIdentity') throw new Error();
    expect(armIdentity(vm)).toMatchObject({
      type: 'SystemAssigned, UserAssigned',
      userAssignedIdentities: { [u.id]: { principalId: u.principalId, clientId: u.clientId } },
    });
  });

  it('Compute writes "SystemAssigned, UserAssigned", Web writes "SystemAssigned,UserAssigned" [§1 UAMI, D6][D25]', () => {
    const s = setup();
    s.uami('shared');
    s.do({ type: 'resource.create', kind: 'webApp', resourceGroup: RG, name: 'shop', identity: { systemAssigned: true, userAssigned: [id.uami('shared')] } });
    s.vm('web-1', { systemAssigned: true, userAssigned: [id.uami('shared')] });
    expect(armIdentity(s.res(id.web('shop')) as SourceResource).type).toBe('SystemAssigned,UserAssigned');
    expect(armIdentity(s.res(id.vm('web-1')) as SourceResource).type).toBe('SystemAssigned, UserAssigned');
    s.do({ type: 'identity.user.unassign', resourceId: id.vm('web-1'), identityId: id.uami('shared') });
    expect(armIdentity(s.res(id.vm('web-1')) as SourceResource).type).toBe('SystemAssigned');
  });

  it('removing the only user-assigned identity drops UserAssigned from the type [§6, D10]', () => {
    const s = setup();
    s.uami('shared');
    s.vm('web-1', { userAssigned: [id.uami('shared')] });
    s.do({ type: 'identity.user.unassign', resourceId: id.vm('web-1'), identityId: id.uami('shared') });
    expect(armIdentity(s.res(id.vm('web-1')) as SourceResource)).toEqual({ type: 'None' });
  });

  it('a deleted identity stays listed on its resources as not found [Decisions; §1 Deleting things, I:aad-pod-identity#521]', () => {
    const s = setup();
    s.uami('shared');
    s.vm('web-1', { userAssigned: [id.uami('shared')] });
    const out = s.do({ type: 'resource.delete', id: id.uami('shared') });
    const vm = s.res(id.vm('web-1')) as SourceResource;
    expect(vm.identity.userAssigned).toHaveLength(1);
    expect(isStale(s.world, vm.identity.userAssigned[0]!)).toBe(true);
    expect(out.changed).toContain(vm.id);
    expect(out.notes.join(' ')).toMatch(/not found/);
  });

  it('later identity updates of that resource fail with FailedIdentityOperation until the entry is removed [§1 Deleting things, I:aad-pod-identity#515]', () => {
    const s = setup();
    s.uami('shared');
    s.vm('web-1', { userAssigned: [id.uami('shared')] });
    s.do({ type: 'resource.delete', id: id.uami('shared') });
    const before = s.world;
    const out = s.try({ type: 'identity.system.enable', resourceId: id.vm('web-1') });
    expect(out.ok).toBe(false);
    expect(out.error!.code).toBe('FailedIdentityOperation');
    expect(out.error!.message).toMatch(/Resource '\/subscriptions\/.*\/resourcegroups\/rg-demo\/providers\/microsoft\.managedidentity\/userassignedidentities\/shared' was not found/);
    expect(s.world).toBe(before);
    s.do({ type: 'identity.user.unassign', resourceId: id.vm('web-1'), identityId: id.uami('shared') });
    expect(s.try({ type: 'identity.system.enable', resourceId: id.vm('web-1') }).ok).toBe(true);
  });

  it('assigning an identity that does not exist fails like ARM [§1 Deleting things]', () => {
    const s = setup();
    s.vm('web-1');
    const out = s.try({ type: 'identity.user.assign', resourceId: id.vm('web-1'), identityId: id.uami('ghost') });
    expect(out.error!.code).toBe('FailedIdentityOperation');
    const bad = s.try({ type: 'identity.user.assign', resourceId: id.vm('web-1'), identityId: 'ghost' });
    expect(bad.error!.code).toBe('InvalidParameter');
  });

  it('a recreated identity with the same name has new principal and client ids [§1 Deleting things, D11; I:aad-pod-identity#880]', () => {
    const s = setup();
    s.uami('shared');
    const old = s.res(id.uami('shared'));
    s.vm('web-1', { userAssigned: [id.uami('shared')] });
    s.do({ type: 'resource.delete', id: id.uami('shared') });
    s.uami('shared');
    const fresh = s.res(id.uami('shared'));
    if (old.kind !== 'userAssignedIdentity' || fresh.kind !== 'userAssignedIdentity') throw new Error();
    expect(fresh.principalId).not.toBe(old.principalId);
    expect(fresh.clientId).not.toBe(old.clientId);
    // The VM still holds the old ids until the identity is reassigned.
    const vm = s.res(id.vm('web-1')) as SourceResource;
    expect(vm.identity.userAssigned[0]!.clientId).toBe(old.clientId);
    expect(isStale(s.world, vm.identity.userAssigned[0]!)).toBe(true);
    s.do({ type: 'identity.user.assign', resourceId: id.vm('web-1'), identityId: id.uami('shared') });
    const after = s.res(id.vm('web-1')) as SourceResource;
    expect(after.identity.userAssigned[0]!.clientId).toBe(fresh.clientId);
    expect(isStale(s.world, after.identity.userAssigned[0]!)).toBe(false);
  });

  it('creating an identity that exists returns it unchanged: same ids (ARM PUT) [§1 Deleting things]', () => {
    const s = setup();
    s.uami('shared');
    const before = s.world;
    const out = s.do({ type: 'resource.create', kind: 'userAssignedIdentity', resourceGroup: RG, name: 'SHARED' });
    expect(out.created).toEqual([]);
    expect(s.world.servicePrincipals).toBe(before.servicePrincipals);
  });

  it('a Consumption logic app takes either the system-assigned identity or one user-assigned identity [§1 supported types; Logic Apps limits]', () => {
    const s = setup();
    s.uami('id-a');
    s.uami('id-b');
    s.do({ type: 'resource.create', kind: 'logicApp', resourceGroup: RG, name: 'flow', identity: { systemAssigned: true } });
    expect(s.try({ type: 'identity.user.assign', resourceId: id.logic('flow'), identityId: id.uami('id-a') }).ok).toBe(false);
    s.do({ type: 'identity.system.disable', resourceId: id.logic('flow') });
    s.do({ type: 'identity.user.assign', resourceId: id.logic('flow'), identityId: id.uami('id-a') });
    expect(s.try({ type: 'identity.user.assign', resourceId: id.logic('flow'), identityId: id.uami('id-b') }).ok).toBe(false);
    expect(s.try({ type: 'identity.system.enable', resourceId: id.logic('flow') }).ok).toBe(false);
  });

  it('the sandbox caps user-assigned identities per resource and says so [Decisions]', () => {
    const s = setup();
    s.vm('web-1');
    for (let i = 0; i < 8; i++) {
      s.uami(`id-${i}`);
      s.do({ type: 'identity.user.assign', resourceId: id.vm('web-1'), identityId: id.uami(`id-${i}`) });
    }
    s.uami('one-more');
    const out = s.try({ type: 'identity.user.assign', resourceId: id.vm('web-1'), identityId: id.uami('one-more') });
    expect(out.error!.code).toBe('SandboxLimit');
    expect(out.notes.join(' ')).toMatch(/Azure documents no fixed maximum/);
  });
});

describe('role assignments survive their principal', () => {
  it('deleting a VM leaves its role assignment, orphaned as "Identity not found" [§1 Deleting things, D4][D11]', () => {
    const s = setup();
    s.vm('web-1', { systemAssigned: true });
    s.do({ type: 'resource.create', kind: 'keyVault', resourceGroup: RG, name: 'kv-demo-1' });
    const grant = s.do({ type: 'roleAssignment.create', scope: id.kv('kv-demo-1'), role: 'Key Vault Secrets User', assignee: id.vm('web-1') });
    const raId = grant.created[0]!;
    const out = s.do({ type: 'resource.delete', id: id.vm('web-1') });
    expect(out.orphaned).toEqual([raId]);
    const listed = assignmentsAt(s.world, s.res(id.kv('kv-demo-1')).id);
    expect(listed).toHaveLength(1);
    expect(isOrphaned(s.world, listed[0]!.assignment.principalId)).toBe(true);
  });

  it('the same happens when a user-assigned identity is deleted [§1 Deleting things, D4]', () => {
    const s = setup();
    s.uami('shared');
    s.do({ type: 'roleAssignment.create', scope: id.rg(), role: 'Reader', assignee: id.uami('shared') });
    const out = s.do({ type: 'resource.delete', id: id.uami('shared') });
    expect(out.orphaned).toHaveLength(1);
    expect(Object.keys(s.world.roleAssignments)).toHaveLength(1);
  });

  it('old assignments do not apply to a recreated identity [§1 Deleting things, D11]', () => {
    const s = setup();
    s.uami('shared');
    s.do({ type: 'roleAssignment.create', scope: id.rg(), role: 'Reader', assignee: id.uami('shared') });
    s.do({ type: 'resource.delete', id: id.uami('shared') });
    s.uami('shared');
    const pid = s.principal(id.uami('shared'));
    expect(Object.values(s.world.roleAssignments).filter((a) => a.principalId === pid)).toEqual([]);
  });

  it('reusing an old assignment name for the new principal fails with RoleAssignmentUpdateNotPermitted [§1 Deleting things, D11]', () => {
    const s = setup();
    s.uami('shared');
    const name = '11111111-2222-4333-8444-555555555555';
    s.do({ type: 'roleAssignment.create', scope: id.rg(), role: 'Reader', assignee: id.uami('shared'), name });
    s.do({ type: 'resource.delete', id: id.uami('shared') });
    s.uami('shared');
    const out = s.try({ type: 'roleAssignment.create', scope: id.rg(), role: 'Reader', assignee: id.uami('shared'), name });
    expect(out.error).toMatchObject({ code: 'RoleAssignmentUpdateNotPermitted', message: 'Tenant ID, application ID, principal ID, and scope are not allowed to be updated.' });
  });

  it('deleting the scope deletes the assignments at it (extension resources)', () => {
    const s = setup();
    s.vm('web-1', { systemAssigned: true });
    s.do({ type: 'resource.create', kind: 'keyVault', resourceGroup: RG, name: 'kv-demo-1' });
    const grant = s.do({ type: 'roleAssignment.create', scope: id.kv('kv-demo-1'), role: 'Key Vault Secrets User', assignee: id.vm('web-1') });
    const out = s.do({ type: 'resource.delete', id: id.kv('kv-demo-1') });
    expect(out.deleted).toContain(grant.created[0]);
    expect(s.world.roleAssignments).toEqual({});
  });

  it('deleting a resource group deletes what it contains, with cascades', () => {
    const s = setup();
    s.rg('rg-other');
    s.uami('shared');
    s.vm('web-1', { systemAssigned: true, userAssigned: [id.uami('shared')] });
    s.do({ type: 'resource.create', kind: 'vm', resourceGroup: 'rg-other', name: 'web-9', identity: { userAssigned: [id.uami('shared')] } });
    s.do({ type: 'roleAssignment.create', scope: '/resourceGroups/rg-other', role: 'Reader', assignee: id.uami('shared') });
    const out = s.do({ type: 'resourceGroup.delete', name: RG });
    expect(Object.values(s.world.resources).map((r) => r.name)).toEqual(['web-9']);
    expect(Object.keys(s.world.servicePrincipals)).toEqual([]);
    expect(out.orphaned).toHaveLength(1);
    const other = s.res('/resourceGroups/rg-other/providers/Microsoft.Compute/virtualMachines/web-9') as SourceResource;
    expect(isStale(s.world, other.identity.userAssigned[0]!)).toBe(true);
  });
});
