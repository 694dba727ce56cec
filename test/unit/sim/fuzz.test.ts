// Fuzz: random valid actions of every type, with ids that are built-in property names, hidden
// characters and extreme numbers, applied headless and through the sandbox actor with autosave.
// Nothing may throw, no save may lose a step, and every replay must rebuild the same world.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import { sandboxMachine } from '../../../src/machine/sandbox.ts';
import { createAutosave, loadEventOf } from '../../../src/persist/index.ts';
import { MAX_TIME, apply, parseAction, replay, type Action } from '../../../src/sim/index.ts';
import { MemoryStorage } from '../persist/fixtures.ts';

const HOSTILE = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
const NAMES = ['rg-1', 'web-1', 'kv-fuzz-1', 'safuzz1', 'id-1', 'data', ...HOSTILE, 'x\u202Ey', 'zero\u200Bwidth', ''];
const rg = (n: string) => `/resourceGroups/${n}`;
const IDS = [
  rg('rg-1'),
  `${rg('rg-1')}/providers/Microsoft.Compute/virtualMachines/web-1`,
  `${rg('rg-1')}/providers/Microsoft.Web/sites/web-1`,
  `${rg('rg-1')}/providers/Microsoft.KeyVault/vaults/kv-fuzz-1`,
  `${rg('rg-1')}/providers/Microsoft.Storage/storageAccounts/safuzz1`,
  `${rg('rg-1')}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-1`,
  `${rg('__proto__')}/providers/Microsoft.Compute/virtualMachines/constructor`,
  ...HOSTILE,
];
const KINDS = ['vm', 'webApp', 'functionApp', 'logicApp', 'containerApp', 'keyVault', 'storageAccount', 'userAssignedIdentity'] as const;
const SECONDS = [1, 59, 3600, 86_400, 366 * 24 * 3600];

const name = fc.constantFrom(...NAMES);
const id = fc.constantFrom(...IDS);

/** Random actions of every type; each is checked against the schema, as a file or link would be. */
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ type: fc.constant('resourceGroup.create'), name }),
  fc.record({ type: fc.constant('resourceGroup.delete'), name }),
  fc.record({ type: fc.constant('resource.create'), kind: fc.constantFrom(...KINDS), resourceGroup: name, name, identity: fc.record({ systemAssigned: fc.boolean() }) }),
  fc.record({ type: fc.constant('slot.create'), siteId: id, name }),
  fc.record({ type: fc.constant('resource.delete'), id }),
  fc.record({ type: fc.constantFrom('identity.system.enable', 'identity.system.disable'), resourceId: id }),
  fc.record({ type: fc.constantFrom('identity.user.assign', 'identity.user.unassign'), resourceId: id, identityId: id }),
  fc.record({ type: fc.constant('roleAssignment.create'), scope: id, role: fc.constantFrom('Reader', 'Key Vault Secrets User', ...HOSTILE), assignee: id }),
  fc.record({ type: fc.constant('roleAssignment.delete'), id }),
  fc.record({ type: fc.constant('keyVault.secret.set'), vaultId: id, name, value: name }),
  fc.record({ type: fc.constant('keyVault.accessPolicy.set'), vaultId: id, assignee: id, secrets: fc.constantFrom([], ['get'], ['get', 'list']) }),
  fc.record({ type: fc.constant('storage.container.create'), accountId: id, name }),
  fc.record({ type: fc.constant('storage.blob.upload'), accountId: id, container: name, name, content: name }),
  fc.record({ type: fc.constant('clock.advance'), seconds: fc.constantFrom(...SECONDS) }),
  fc.record({ type: fc.constant('settings.set'), propagationDelay: fc.constantFrom(0, 300, 24 * 3600), tokenCache: fc.boolean() }),
  fc.record({ type: fc.constant('token.request'), from: id, sdk: fc.record({ scopes: fc.constantFrom(['https://vault.azure.net/.default'], ['__proto__/.default'], ['api://constructor/.default']) }) }),
  fc.record({
    type: fc.constant('target.call'),
    from: id,
    request: fc.record({ method: fc.constant('GET'), url: fc.constantFrom('https://kv-fuzz-1.vault.azure.net/secrets/constructor?api-version=7.4', 'https://safuzz1.blob.core.windows.net/__proto__/toString', 'https://management.azure.com/subscriptions/__proto__?api-version=2022-12-01') }),
    token: fc.constantFrom('latest', '__proto__'),
  }),
  fc.record({ type: fc.constant('app.create'), displayName: fc.constantFrom('orders-api', ...HOSTILE), appIdUri: fc.boolean() }),
  fc.record({ type: fc.constant('appRole.assign'), app: name, role: name, assignee: id }),
  fc.record({ type: fc.constant('app.secret.add'), app: name, expiresInDays: fc.constantFrom(1, 730) }),
)
  // Only what the schema accepts, as from a file or a link (an empty name is refused there for ids).
  .map((a) => parseAction(a))
  .filter((c) => c.ok)
  .map((c) => (c as { ok: true; action: Action }).action);

/** A little head start, so that random actions find things to act on. */
const PRELUDE: Action[] = [
  { type: 'resourceGroup.create', name: 'rg-1' },
  { type: 'resourceGroup.create', name: '__proto__' },
  { type: 'resource.create', kind: 'vm', resourceGroup: 'rg-1', name: 'web-1', identity: { systemAssigned: true } },
  { type: 'resource.create', kind: 'keyVault', resourceGroup: 'rg-1', name: 'kv-fuzz-1' },
  { type: 'resource.create', kind: 'storageAccount', resourceGroup: 'rg-1', name: 'safuzz1' },
];


const startArb = fc.constantFrom<number | undefined>(undefined, 0, MAX_TIME - 2 * 366 * 24 * 3600);

describe('fuzz', () => {
  it('headless: random actions never throw, and a replay is byte-identical', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(actionArb, { minLength: 1, maxLength: 40 }), startArb, async (actions, start) => {
        const scenario = { seed: 'fuzz', ...(start !== undefined ? { start } : {}), actions: [...PRELUDE, ...actions] };
        const first = await replay(scenario);
        const again = await replay(scenario);
        expect(JSON.stringify(again.world)).toBe(JSON.stringify(first.world));
        // Step by step without replay's in-place writes gives the same world too.
        let world = (await replay({ ...scenario, actions: [] })).world;
        for (const a of scenario.actions) world = (await apply(world, a)).world;
        expect(JSON.stringify(world)).toBe(JSON.stringify(first.world));
        for (const o of first.outcomes) if (!o.ok) expect(o.error?.code).toBeTruthy();
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it('through the sandbox actor with autosave: no throw, no fault, and the save restores the same sandbox', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(actionArb, { minLength: 1, maxLength: 25 }), fc.nat(5), async (actions, undos) => {
        const storage = new MemoryStorage();
        const autosave = createAutosave({ storage, tabId: 'fuzz' });
        autosave.load();
        const actor = createActor(sandboxMachine, { input: { scenario: { version: 1, seed: 'fuzz', actions: PRELUDE }, base: PRELUDE.length } }).start();
        await waitFor(actor, (s) => s.matches('idle'));
        for (const action of actions) {
          actor.send({ type: 'ACT', action });
          await waitFor(actor, (s) => s.matches('idle') && s.context.queue.length === 0);
          expect(actor.getSnapshot().context.fault).toBeNull();
          autosave.save(actor.getSnapshot().context);
        }
        for (let i = 0; i < undos; i++) actor.send({ type: 'UNDO' });
        autosave.save(actor.getSnapshot().context);
        expect(autosave.flush()?.ok ?? true).toBe(true);
        const mine = actor.getSnapshot().context;

        const read = createAutosave({ storage, tabId: 'reader' }).load();
        expect(read.status).toBe('restored');
        if (read.status !== 'restored') return;
        const other = createActor(sandboxMachine, { input: {} }).start();
        await waitFor(other, (s) => s.matches('idle'));
        other.send(loadEventOf(read.saved));
        await waitFor(other, (s) => s.matches('idle'));
        const theirs = other.getSnapshot().context;
        expect(theirs.fault).toBeNull();
        expect(theirs.loadReport?.dropped).toEqual([]);
        expect(theirs.entries.map((e) => e.action)).toEqual(mine.entries.map((e) => e.action));
        expect(theirs.cursor).toBe(mine.cursor);
        expect(JSON.stringify(theirs.world)).toBe(JSON.stringify(mine.world));
        expect(JSON.stringify(theirs.entries.map((e) => e.world))).toBe(JSON.stringify(mine.entries.map((e) => e.world)));
        actor.stop();
        other.stop();
      }),
      { numRuns: 60 },
    );
  }, 60_000);
});
