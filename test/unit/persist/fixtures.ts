// Sandboxes for the persistence tests: a typical 30-action session, hostile text, and an actor with
// a base, a history and a redo future.
import { createActor, waitFor } from 'xstate';
import { sandboxMachine, type SandboxContext, type SandboxInput } from '../../../src/machine/sandbox.ts';
import type { Action, Scenario } from '../../../src/sim/index.ts';

const rg = '/resourceGroups/rg-shop';
const vm = `${rg}/providers/Microsoft.Compute/virtualMachines/web-1`;
const vm2 = `${rg}/providers/Microsoft.Compute/virtualMachines/worker-1`;
const app = `${rg}/providers/Microsoft.Web/sites/shop-api`;
const kv = `${rg}/providers/Microsoft.KeyVault/vaults/kv-shop-1`;
const sa = `${rg}/providers/Microsoft.Storage/storageAccounts/stshop1`;
const uami = `${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-shop`;

const secret = (name: string) => `https://kv-shop-1.vault.azure.net/secrets/${name}?api-version=7.4`;
const imds = 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://vault.azure.net';

/**
 * What a learner does in a typical session: 30 actions over two VMs, an app, a vault and storage,
 * with token requests and vault calls.
 */
export const TYPICAL: Action[] = [
  { type: 'resourceGroup.create', name: 'rg-shop' },
  { type: 'resource.create', kind: 'vm', resourceGroup: 'rg-shop', name: 'web-1' },
  { type: 'resource.create', kind: 'keyVault', resourceGroup: 'rg-shop', name: 'kv-shop-1' },
  { type: 'keyVault.secret.set', vaultId: kv, name: 'db-password', value: 's3cret' },
  { type: 'identity.system.enable', resourceId: vm },
  { type: 'roleAssignment.create', scope: kv, role: 'Key Vault Secrets User', assignee: vm },
  { type: 'token.request', from: vm, request: { method: 'GET', url: imds, headers: { Metadata: 'true' } } },
  { type: 'target.call', from: vm, request: { method: 'GET', url: secret('db-password'), headers: {} }, token: 'latest' },
  { type: 'clock.advance', seconds: 300 },
  { type: 'target.call', from: vm, request: { method: 'GET', url: secret('db-password'), headers: {} }, token: 'latest' },
  { type: 'resource.create', kind: 'storageAccount', resourceGroup: 'rg-shop', name: 'stshop1' },
  { type: 'storage.container.create', accountId: sa, name: 'images' },
  { type: 'storage.blob.upload', accountId: sa, container: 'images', name: 'logo.png', content: 'PNG...' },
  { type: 'roleAssignment.create', scope: sa, role: 'Storage Blob Data Reader', assignee: vm },
  { type: 'resource.create', kind: 'userAssignedIdentity', resourceGroup: 'rg-shop', name: 'id-shop' },
  { type: 'resource.create', kind: 'vm', resourceGroup: 'rg-shop', name: 'worker-1', identity: { userAssigned: [uami] } },
  { type: 'resource.create', kind: 'webApp', resourceGroup: 'rg-shop', name: 'shop-api' },
  { type: 'identity.user.assign', resourceId: app, identityId: uami },
  { type: 'identity.system.enable', resourceId: app },
  { type: 'roleAssignment.create', scope: kv, role: 'Key Vault Secrets User', assignee: uami },
  { type: 'token.request', from: app, sdk: { credential: 'ManagedIdentityCredential', scopes: ['https://vault.azure.net/.default'], clientId: uami } },
  { type: 'target.call', from: app, request: { method: 'GET', url: secret('api-key'), headers: {} }, token: 'latest' },
  { type: 'settings.set', propagationDelay: 60 },
  { type: 'clock.advance', seconds: 3600 },
  { type: 'slot.create', siteId: app, name: 'staging' },
  { type: 'identity.system.disable', resourceId: app },
  { type: 'identity.user.unassign', resourceId: app, identityId: uami },
  { type: 'resource.delete', id: vm },
  { type: 'resource.delete', id: vm2 },
  { type: 'clock.advance', seconds: 86400 },
];

/** Text that must stay data: quotes, Mermaid directives, HTML, URL and JSON syntax, non-ASCII. */
export const HOSTILE = `"quoted" 'single' \`tick\` %%{init: {"theme":"dark"}}%% <img src=x onerror=alert(1)> --> ]]> #s=mis1.x&y=%20 \\u0000 \u{1F511} é 中文 \ud800`;

export const hostileScenario: Scenario = {
  format: 'managed-identity-sandbox/scenario',
  version: 1,
  seed: `seed ${HOSTILE}`,
  title: HOSTILE.slice(0, 200),
  actions: [
    { type: 'resourceGroup.create', name: 'rg-shop' },
    { type: 'resourceGroup.create', name: HOSTILE }, // refused by the naming rules, kept in the log
    { type: 'resource.create', kind: 'keyVault', resourceGroup: 'rg-shop', name: 'kv-shop-1' },
    { type: 'keyVault.secret.set', vaultId: kv, name: 'hostile', value: HOSTILE },
    { type: 'resource.create', kind: 'storageAccount', resourceGroup: 'rg-shop', name: 'stshop1' },
    { type: 'storage.container.create', accountId: sa, name: 'images' },
    { type: 'storage.blob.upload', accountId: sa, container: 'images', name: 'b', content: HOSTILE },
  ],
};

export type Actor = Awaited<ReturnType<typeof started>>;

export async function started(input: SandboxInput = {}) {
  const actor = createActor(sandboxMachine, { input }).start();
  await waitFor(actor, (s) => s.matches('idle'));
  return actor;
}

export async function act(actor: Actor, ...actions: Action[]): Promise<SandboxContext> {
  for (const action of actions) {
    actor.send({ type: 'ACT', action });
    await waitFor(actor, (s) => s.matches('idle') && s.context.queue.length === 0);
  }
  return actor.getSnapshot().context;
}

/** A lesson-like sandbox: 5 base actions, 25 learner actions, the last 3 undone (a redo future). */
export async function typicalSandbox(): Promise<SandboxContext> {
  const actor = await started({ scenario: { version: 1, seed: 'typical', title: 'Shop: VM reads a secret', actions: TYPICAL.slice(0, 5) } });
  await act(actor, ...TYPICAL.slice(5));
  actor.send({ type: 'UNDO' });
  actor.send({ type: 'UNDO' });
  actor.send({ type: 'UNDO' });
  const context = actor.getSnapshot().context;
  actor.stop();
  return context;
}

/** Everything that makes two sandboxes the same: every world and outcome in the history, serialized. */
export function fingerprint(c: SandboxContext): string {
  return JSON.stringify({ header: c.header, base: c.base, baseWorld: c.baseWorld, cursor: c.cursor, world: c.world, entries: c.entries });
}

/** Load `event` into a fresh actor, as the app does on start. */
export async function loaded(event: { type: 'LOAD'; scenario: Scenario; base?: number; cursor?: number }): Promise<SandboxContext> {
  const actor = await started();
  actor.send(event);
  await waitFor(actor, (s) => s.matches('idle'));
  const context = actor.getSnapshot().context;
  actor.stop();
  return context;
}

/** A Storage kept in memory, for autosave tests in Node. */
export class MemoryStorage {
  items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  key(i: number) {
    return [...this.items.keys()][i] ?? null;
  }
  getItem(k: string) {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.items.set(k, String(v));
  }
  removeItem(k: string) {
    this.items.delete(k);
  }
  clear() {
    this.items.clear();
  }
}
