// Ids and names that are built-in property names of JavaScript objects. Tables have no prototype and
// every look-up asks for an own key, so these are ordinary strings: found when they exist, Azure's
// "not found" when they do not, and never an exception inside apply.
import { describe, expect, it } from 'vitest';
import { apply, createWorld, replay, type Action, type World } from '../../../src/sim/index.ts';

export const HOSTILE = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', '__defineGetter__'];

const RG = '/resourceGroups/rg-1';
const VM = `${RG}/providers/Microsoft.Compute/virtualMachines/vm-1`;
const KV = `${RG}/providers/Microsoft.KeyVault/vaults/kv-hostile-1`;
const SA = `${RG}/providers/Microsoft.Storage/storageAccounts/sahostile1`;

const setup: Action[] = [
  { type: 'resourceGroup.create', name: 'rg-1' },
  { type: 'resource.create', kind: 'vm', resourceGroup: 'rg-1', name: 'vm-1', identity: { systemAssigned: true } },
  { type: 'resource.create', kind: 'keyVault', resourceGroup: 'rg-1', name: 'kv-hostile-1' },
  { type: 'resource.create', kind: 'storageAccount', resourceGroup: 'rg-1', name: 'sahostile1' },
  { type: 'app.create', displayName: 'orders-api', appIdUri: true, appRoles: [{ value: 'Orders.Read' }] },
];

/** Every action that names something by a learner-given id or name, with `h` in that place. */
function probes(h: string): Action[] {
  return [
    { type: 'resource.delete', id: h },
    { type: 'resource.delete', id: `${RG}/providers/Microsoft.Compute/virtualMachines/${h}` },
    { type: 'identity.system.enable', resourceId: h },
    { type: 'identity.system.disable', resourceId: h },
    { type: 'identity.user.assign', resourceId: VM, identityId: h },
    { type: 'identity.user.unassign', resourceId: VM, identityId: h },
    { type: 'slot.create', siteId: h, name: 'staging' },
    { type: 'resourceGroup.delete', name: h },
    { type: 'resourceGroup.create', name: 'rg-1', subscriptionId: h },
    { type: 'resource.create', kind: 'vm', resourceGroup: h, name: 'vm-2' },
    { type: 'roleAssignment.create', scope: h, role: 'Reader', assignee: VM },
    { type: 'roleAssignment.create', scope: RG, role: h, assignee: VM },
    { type: 'roleAssignment.create', scope: RG, role: 'Reader', assignee: h },
    { type: 'roleAssignment.create', scope: `/subscriptions/${h}`, role: 'Reader', assignee: VM },
    { type: 'roleAssignment.create', scope: `${SA}/blobServices/default/containers/${h}`, role: 'Reader', assignee: VM },
    { type: 'roleAssignment.create', scope: `${KV}/secrets/${h}`, role: 'Reader', assignee: VM },
    { type: 'roleAssignment.delete', id: h },
    { type: 'keyVault.setPermissionModel', vaultId: h, model: 'rbac' },
    { type: 'keyVault.accessPolicy.set', vaultId: KV, assignee: h, secrets: ['get'] },
    { type: 'keyVault.secret.set', vaultId: h, name: 'a', value: 'b' },
    { type: 'keyVault.secret.set', vaultId: KV, name: h, value: 'b' },
    { type: 'storage.container.create', accountId: SA, name: h },
    { type: 'storage.blob.upload', accountId: SA, container: h, name: 'a.txt', content: 'x' },
    { type: 'storage.blob.upload', accountId: SA, container: 'data', name: h, content: 'x' },
    { type: 'appRole.assign', app: h, role: 'Orders.Read', assignee: VM },
    { type: 'appRole.assign', app: 'orders-api', role: h, assignee: VM },
    { type: 'appRole.assign', app: 'orders-api', role: 'Orders.Read', assignee: h },
    { type: 'appRole.unassign', app: 'orders-api', role: h, assignee: VM },
    { type: 'app.secret.add', app: h },
    { type: 'app.secret.remove', app: 'orders-api', secret: h },
    { type: 'token.request', from: h, sdk: { scopes: ['https://vault.azure.net/.default'] } },
    { type: 'token.request', from: VM, sdk: { scopes: [`${h}/.default`] } },
    { type: 'token.request', from: VM, request: { method: 'GET', url: `http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=${h}`, headers: { Metadata: 'true' } } },
    { type: 'token.request', from: VM, request: { method: 'GET', url: `http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://vault.azure.net&${h}=1`, headers: { Metadata: 'true', [h]: 'x' } } },
    { type: 'token.request', clientCredentials: { app: h, resource: 'https://vault.azure.net' } },
    { type: 'target.call', from: VM, request: { method: 'GET', url: `https://kv-hostile-1.vault.azure.net/secrets/${h}?api-version=7.4` }, token: h },
    { type: 'target.call', from: VM, request: { method: 'GET', url: `https://sahostile1.blob.core.windows.net/${h}/${h}`, headers: { 'x-ms-version': '2023-11-03' } }, token: 'latest' },
    { type: 'target.call', from: VM, request: { method: 'GET', url: `https://management.azure.com/subscriptions/${h}?api-version=2022-12-01` }, token: 'latest' },
  ];
}

async function setupWorld(): Promise<World> {
  return (await replay({ seed: 'hostile', actions: setup })).world;
}

describe('ids that are built-in property names', () => {
  for (const h of HOSTILE) {
    it(`'${h}' in every id and name: no throw, and nothing is found that does not exist`, async () => {
      const world = await setupWorld();
      for (const action of probes(h)) {
        const step = await apply(world, action);
        const what = `${action.type} ${JSON.stringify(action)}`;
        // Nothing by this name exists, so whatever names it as an existing thing is refused...
        const createsIt = ['storage.container.create', 'keyVault.secret.set', 'resourceGroup.create', 'token.request', 'target.call', 'keyVault.accessPolicy.set', 'roleAssignment.create', 'storage.blob.upload', 'app.secret.remove', 'appRole.unassign'].includes(action.type);
        if (!createsIt) expect(step.outcome.ok, what).toBe(false);
        if (!step.outcome.ok) expect(step.outcome.error?.code, what).toBeTruthy();
        // ...and a refused action leaves the world as it was.
        if (!step.outcome.ok) expect(step.world, what).toBe(world);
      }
    });
  }

  it('a blob upload into a container that does not exist is refused, whatever its name', async () => {
    const world = await setupWorld();
    const step = await apply(world, { type: 'storage.blob.upload', accountId: SA, container: '__proto__', name: 'a.txt', content: 'x' });
    expect(step.outcome.error?.code).toBe('ContainerNotFound');
  });

  it("a token for the audience '__proto__' is refused by Entra ID (no such resource)", async () => {
    const world = await setupWorld();
    const step = await apply(world, { type: 'token.request', from: VM, sdk: { scopes: ['__proto__/.default'] } });
    expect(step.outcome.token).toBeUndefined();
    expect(step.outcome.http?.response.status).toBe(400);
  });

  it('built-in names that Azure accepts are ordinary names: created, found, deleted', async () => {
    const actions: Action[] = [
      { type: 'resourceGroup.create', name: '__proto__' },
      { type: 'resourceGroup.create', name: 'constructor' },
      { type: 'resource.create', kind: 'vm', resourceGroup: '__proto__', name: 'constructor', identity: { systemAssigned: true } },
      { type: 'resource.create', kind: 'keyVault', resourceGroup: 'constructor', name: 'toString' },
      { type: 'keyVault.secret.set', vaultId: '/resourceGroups/constructor/providers/Microsoft.KeyVault/vaults/toString', name: 'constructor', value: 'v1' },
      { type: 'keyVault.secret.set', vaultId: '/resourceGroups/constructor/providers/Microsoft.KeyVault/vaults/toString', name: 'hasOwnProperty', value: 'v2' },
      { type: 'resource.create', kind: 'storageAccount', resourceGroup: '__proto__', name: 'valueof1' },
      { type: 'storage.container.create', accountId: '/resourceGroups/__proto__/providers/Microsoft.Storage/storageAccounts/valueof1', name: 'constructor' },
      { type: 'storage.blob.upload', accountId: '/resourceGroups/__proto__/providers/Microsoft.Storage/storageAccounts/valueof1', container: 'constructor', name: '__proto__', content: 'x' },
      { type: 'roleAssignment.create', scope: '/resourceGroups/__proto__', role: 'Reader', assignee: '/resourceGroups/__proto__/providers/Microsoft.Compute/virtualMachines/constructor' },
    ];
    const { world, outcomes } = await replay({ seed: 'names', actions });
    expect(outcomes.map((o) => o.error?.code ?? 'ok')).toEqual(actions.map(() => 'ok'));
    expect(Object.getPrototypeOf(world.resourceGroups)).toBeNull();
    expect(Object.keys(world.resourceGroups).some((k) => k.endsWith('/__proto__'))).toBe(true);
    const kv = Object.values(world.resources).find((r) => r.kind === 'keyVault');
    expect(kv?.kind === 'keyVault' && Object.keys(kv.secrets).sort()).toEqual(['constructor', 'hasOwnProperty']);
    // JSON round trip keeps them as data, and a replay is byte-identical.
    const again = await replay({ seed: 'names', actions: JSON.parse(JSON.stringify(actions)) as Action[] });
    expect(JSON.stringify(again.world)).toBe(JSON.stringify(world));
    const gone = await apply(world, { type: 'resourceGroup.delete', name: '__proto__' });
    expect(gone.outcome.ok).toBe(true);
    expect(Object.keys(gone.world.resourceGroups).some((k) => k.endsWith('/__proto__'))).toBe(false);
    expect(Object.getPrototypeOf(gone.world.resourceGroups)).toBeNull();
  });

  it('a fresh world has tables without a prototype', () => {
    const w = createWorld();
    for (const t of [w.resources, w.resourceGroups, w.servicePrincipals, w.roleAssignments, w.tokens, w.applications, w.subscriptions]) {
      expect(Object.getPrototypeOf(t)).toBeNull();
      expect((t as Record<string, unknown>)['constructor']).toBeUndefined();
    }
  });
});
