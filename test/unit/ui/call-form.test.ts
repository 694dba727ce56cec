// The "Call a target" form's model (call-form.svelte.ts): which service, operation, target and field
// values it offers in a given world, how a pick that is gone falls back, and the request it builds.
import { describe, expect, it } from 'vitest';
import { TARGETS, TARGET_IDS, type Resource } from '../../../src/sim/index.ts';
import type { AppState } from '../../../src/ui/app-state.svelte.ts';
import { CallForm, freshPicks, type CallPicks } from '../../../src/ui/tokens/call-form.svelte.ts';
import { remembered } from '../../../src/ui/tokens/form-memory.svelte.ts';
import { TokenSim, ids, sandbox } from '../token/helpers.ts';

/** Picks as the app keeps them: reactive state. */
const picks = (): CallPicks => remembered({} as AppState, 'call', freshPicks);

async function vaultAndAccount(): Promise<TokenSim> {
  const s = await sandbox('call-form');
  await s.create('vm', 'web-1', { identity: { systemAssigned: true } });
  await s.create('keyVault', 'kv-demo-1');
  await s.do({ type: 'keyVault.secret.set', vaultId: ids.kv('kv-demo-1'), name: 'db-password', value: 's3cret' });
  await s.create('storageAccount', 'stdemo1');
  const account = `${ids.rg()}/providers/Microsoft.Storage/storageAccounts/stdemo1`;
  await s.do({ type: 'storage.container.create', accountId: account, name: 'reports' });
  await s.do({ type: 'storage.container.create', accountId: account, name: 'logs' });
  await s.do({ type: 'storage.blob.upload', accountId: account, container: 'logs', name: 'today.txt', content: 'ok' });
  return s;
}

describe('CallForm', () => {
  it('on a vault, offers Key Vault with the vault chosen and its first secret filled in', async () => {
    const s = await vaultAndAccount();
    const vault = s.res(ids.kv('kv-demo-1')) as Resource;
    const form = new CallForm(() => ({ world: s.world, target: vault }), picks());
    expect(form.available).toEqual(['keyVault', 'storage', 'arm', 'graph']);
    expect(form.service).toBe('keyVault');
    expect(form.targetLabel).toBe('Vault');
    expect(form.targetValue).toBe(vault.id);
    expect(form.fields.map((f) => [f.field.label, f.value])).toEqual([['Secret name', 'db-password']]);
    expect(form.built).toMatchObject({ method: 'GET', url: 'https://kv-demo-1.vault.azure.net/secrets/db-password?api-version=7.4' });
    expect(form.targetHost).toBe('kv-demo-1.vault.azure.net');
    expect(form.audienceValue).toBe('https://vault.azure.net');
  });

  it('labels the target picker after the service, never "Storage account" for another', async () => {
    const s = await vaultAndAccount();
    const form = new CallForm(() => ({ world: s.world }), picks());
    const labels = Object.fromEntries(
      form.available.flatMap((service) => {
        form.picks.service = service;
        return form.ops.map((o) => {
          form.picks.op = o.id;
          return [`${service}.${o.id}`, form.targetLabel];
        });
      }),
    );
    expect(labels).toEqual({ 'keyVault.get': 'Vault', 'keyVault.set': 'Vault', 'keyVault.list': 'Vault', 'storage.read': 'Storage account', 'storage.write': 'Storage account', 'storage.list': 'Storage account', 'arm.read': 'Resource', 'arm.tag': 'Resource', 'arm.grant': 'Scope', 'graph.users': 'Endpoint', 'graph.servicePrincipals': 'Endpoint' });
  });

  it('fills a blob name from the chosen container, and keeps what was typed for one service out of another', async () => {
    const s = await vaultAndAccount();
    const form = new CallForm(() => ({ world: s.world }), picks());
    form.picks.service = 'storage';
    expect(form.fields.map((f) => f.field.key)).toEqual(['container', 'name']);
    expect(form.fields[0]!.choices!.map((c) => c.id)).toEqual(['reports', 'logs']);
    expect(form.fields[1]!.value).toBe('');
    form.setField('container', 'logs');
    expect(form.fields[1]!.value).toBe('today.txt');
    expect(form.built?.url).toBe('https://stdemo1.blob.core.windows.net/logs/today.txt');
    form.setField('name', 'a b/c.txt');
    expect(form.built?.url).toBe('https://stdemo1.blob.core.windows.net/logs/a%20b/c.txt');
    form.picks.service = 'keyVault';
    expect(form.fields[0]!.value).toBe('db-password');
  });

  it('falls back to what is on offer when a pick is gone', async () => {
    const s = await vaultAndAccount();
    const form = new CallForm(() => ({ world: s.world }), picks());
    form.picks.service = 'storage';
    form.setField('container', 'no-such-container');
    form.picks.op = 'no-such-op';
    form.picks.targetChoice = '/subscriptions/x/nothing';
    form.picks.tokenChoice = 'no-such-token';
    expect(form.operation.id).toBe('read');
    expect(form.targetValue).toMatch(/stdemo1$/);
    expect(form.fields[0]!.value).toBe('reports');
    expect(form.tokenValue).toBe('none');
    await s.do({ type: 'resource.delete', id: form.targetValue });
    expect(form.available).not.toContain('storage');
    expect(form.service).toBe('keyVault');
  });

  it('follows the latest token to its service until the learner picks one', async () => {
    const s = await vaultAndAccount();
    const form = new CallForm(() => ({ world: s.world }), picks());
    expect(form.service).toBe('keyVault');
    await s.imds(ids.vm('web-1'), 'api-version=2018-02-01&resource=https://storage.azure.com/');
    expect(form.service).toBe('storage');
    expect(form.tokenValue).toBe('latest');
    form.picks.service = 'arm';
    expect(form.service).toBe('arm');
    expect(form.fields).toEqual([]);
  });

  it('starts a logic app with no authentication and no audience: choosing them is the lesson', async () => {
    const s = await vaultAndAccount();
    await s.create('logicApp', 'orders-flow', { identity: { systemAssigned: true } });
    const from = s.res(`${ids.rg()}/providers/Microsoft.Logic/workflows/orders-flow`);
    const form = new CallForm(() => ({ world: s.world, from: from as never }), picks());
    expect(form.isConnector).toBe(true);
    expect(form.tokenValue).toBe('none');
    form.picks.tokenChoice = 'mi';
    expect(form.tokenValue).toBe('mi');
    expect(form.audienceValue).toBe('');
    expect(form.miChoices.map((c) => c.key)).toEqual(['system']);
  });

  it('has a complete entry for every registered service', () => {
    for (const id of TARGET_IDS) {
      const t = TARGETS[id];
      expect(t.words.service, id).not.toBe('');
      expect(t.operations.length, id).toBeGreaterThan(0);
    }
  });
});
