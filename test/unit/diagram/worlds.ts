// Worlds and outcomes for the diagram tests and the browser harness (bench/diagrams): built with
// the simulation's own actions, the token requests and calls included (realCalls), and renamed by hand
// only where a name has to be one no action would accept.
import { applyControl } from '../../../src/sim/control.ts';
import { apply, createWorld, type Action, type Outcome, type World } from '../../../src/sim/index.ts';

import { RG, id } from '../helpers.ts';

export { RG };
export const ref = id;

export interface Step {
  previous: World;
  world: World;
  outcome: Outcome;
}

/** Apply actions that must all succeed, keeping each step (the world before and after, and the outcome). */
export function play(actions: Action[], start: World = createWorld({ seed: 'diagram' })): Step[] {
  const steps: Step[] = [];
  let world = start;
  for (const action of actions) {
    const step = applyControl(world, action);
    if (!step.outcome.ok) throw new Error(`refused: ${action.type} ${JSON.stringify(step.outcome.error)}`);
    steps.push({ previous: world, world: step.world, outcome: step.outcome });
    world = step.world;
  }
  return steps;
}

export const last = (steps: Step[]): Step => steps[steps.length - 1]!;

/** The lesson's path: a VM, a vault, the VM's identity, the role, then the VM deleted. */
export const DEMO: Action[] = [
  { type: 'resourceGroup.create', name: RG },
  { type: 'resource.create', kind: 'vm', resourceGroup: RG, name: 'web-1' },
  { type: 'resource.create', kind: 'keyVault', resourceGroup: RG, name: 'kv-demo-1' },
  { type: 'identity.system.enable', resourceId: ref.vm('web-1') },
  { type: 'roleAssignment.create', scope: ref.kv('kv-demo-1'), role: 'Key Vault Secrets User', assignee: ref.vm('web-1') },
  { type: 'resource.delete', id: ref.vm('web-1') },
];

/** A world drawn with exactly `nodes` nodes (resources and service principals) and their edges. */
export function worldOfSize(nodes: number, seed = 'size'): World {
  const actions: Action[] = [{ type: 'resourceGroup.create', name: RG }, { type: 'resource.create', kind: 'keyVault', resourceGroup: RG, name: 'kv-size-0' }];
  let count = 1;
  let vault = 'kv-size-0';
  let lastVm = '';
  for (let i = 1; count < nodes; i++) {
    if (i % 5 === 0) {
      vault = `kv-size-${i}`;
      actions.push({ type: 'resource.create', kind: 'keyVault', resourceGroup: RG, name: vault });
      count += 1;
    } else if (i % 4 === 0 && lastVm && count + 2 <= nodes) {
      actions.push({ type: 'resource.create', kind: 'userAssignedIdentity', resourceGroup: RG, name: `id-${i}` });
      actions.push({ type: 'identity.user.assign', resourceId: ref.vm(lastVm), identityId: ref.uami(`id-${i}`) });
      actions.push({ type: 'roleAssignment.create', scope: ref.rg(), role: 'Reader', assignee: ref.uami(`id-${i}`) });
      count += 2;
    } else if (count + 2 <= nodes) {
      lastVm = `vm-${i}`;
      actions.push({ type: 'resource.create', kind: 'vm', resourceGroup: RG, name: lastVm, identity: { systemAssigned: true } });
      actions.push({ type: 'roleAssignment.create', scope: ref.kv(vault), role: 'Key Vault Secrets User', assignee: ref.vm(lastVm) });
      count += 2;
    } else {
      actions.push({ type: 'resource.create', kind: 'storageAccount', resourceGroup: RG, name: `sasize${i}` });
      count += 1;
    }
  }
  return last(play(actions, createWorld({ seed }))).world;
}

/** Names no Azure rule would accept, meant to break out of a label, a diagram or the page. */
export const HOSTILE = [
  '"quoted" name',
  'a"]; click n1 call alert(1); %%',
  'x --> y ==> z -.-> w',
  '%%{init: {"securityLevel": "loose", "theme": "forest"}}%%',
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=1</script>',
  'click n1 call alert()',
  'click n1 href "javascript:window.__pwned=1"',
  '`**bold** markdown`',
  '"`markdown string`"',
  '[brackets] (parens) {braces} |pipes|',
  'semi;colon#hash&amp;',
  '#quot; #60; entity codes',
  'line\nbreak\r\nand\ttab\u2028sep',
  'subgraph evil\nend',
  'a direction TB b',
  'style n1 fill:#f00',
  'classDef x fill:#f00;',
  'linkStyle 0 stroke:red',
  'accTitle: hijacked',
  '$$x^2$$ math',
  'fa:fa-car icon',
  'back\\nslash',
  '\uFB02\u00B0\u00B060\u00B6\u00DF placeholder',
  'A'.repeat(300),
  'Ünïcödé 名前 🔐 עברית',
  '\u202Eevil\u202C bidi',
  '---\nconfig:\n  theme: forest\n---',
  ':::className',
  'n1@{ shape: circle }',
];

/**
 * A world whose every name is hostile: the demo world with its resources, principals, resource group,
 * subscription and tenant renamed by hand (ids, the structure, stay as the simulation made them).
 */
export function hostileWorld(): Step {
  const steps = play([
    { type: 'resourceGroup.create', name: RG },
    { type: 'resource.create', kind: 'vm', resourceGroup: RG, name: 'web-1', identity: { systemAssigned: true } },
    { type: 'resource.create', kind: 'keyVault', resourceGroup: RG, name: 'kv-demo-1' },
    { type: 'resource.create', kind: 'userAssignedIdentity', resourceGroup: RG, name: 'uami-1' },
    { type: 'identity.user.assign', resourceId: ref.vm('web-1'), identityId: ref.uami('uami-1') },
    { type: 'roleAssignment.create', scope: ref.kv('kv-demo-1'), role: 'Key Vault Secrets User', assignee: ref.vm('web-1') },
    { type: 'roleAssignment.create', scope: ref.rg(), role: 'Reader', assignee: ref.uami('uami-1') },
    { type: 'resource.create', kind: 'vm', resourceGroup: RG, name: 'gone-1', identity: { systemAssigned: true } },
    { type: 'roleAssignment.create', scope: ref.kv('kv-demo-1'), role: 'Reader', assignee: ref.vm('gone-1') },
    // One more thing per hostile name, so that every name is drawn somewhere.
    ...HOSTILE.map((_, n): Action => ({ type: 'resource.create', kind: 'storageAccount', resourceGroup: RG, name: `sahostile${n}` })),
    { type: 'resource.delete', id: ref.vm('gone-1') },
  ]);
  const { world, previous, outcome } = last(steps);
  let i = 0;
  const next = () => HOSTILE[i++ % HOSTILE.length]!;
  const rename = (w: World): World => {
    i = 0;
    return {
      ...w,
      tenant: { ...w.tenant, displayName: next() },
      subscriptions: Object.fromEntries(Object.entries(w.subscriptions).map(([k, s]) => [k, { ...s, displayName: next() }])),
      resourceGroups: Object.fromEntries(Object.entries(w.resourceGroups).map(([k, g]) => [k, { ...g, name: next() }])),
      resources: Object.fromEntries(Object.entries(w.resources).map(([k, r]) => [k, { ...r, name: next() }])),
      servicePrincipals: Object.fromEntries(Object.entries(w.servicePrincipals).map(([k, sp]) => [k, { ...sp, displayName: next() }])),
      deletedPrincipals: Object.fromEntries(Object.entries(w.deletedPrincipals).map(([k, p]) => [k, { ...p, displayName: next() }])),
    };
  };
  // The same renaming on both sides, so ghosts carry hostile names too.
  return { previous: rename(previous), world: rename(world), outcome };
}

export interface Calls {
  /** The world after the last call. */
  world: World;
  /** The world in which the refused call was made (Reader on the vault, nothing else). */
  refusedWorld: World;
  principal: string;
  vault: string;
  /** The Reader assignment that reaches the vault but lacks the data action. */
  assignment: string;
  /** IMDS's answer with a token for Key Vault. */
  token: Outcome;
  /** The vault's 403: the principal holds Reader, which has no data actions. */
  forbidden: Outcome;
  /** The vault's 401 to a token for Azure Resource Manager. */
  wrongAudience: Outcome;
  /** The vault's 200 once Key Vault Secrets User is granted. */
  allowed: Outcome;
}

/**
 * The demo's token request and calls, as the simulation itself answers them (apply(), with signing
 * and every token check), so the diagrams are tested on the outcomes a learner really gets.
 */
export async function realCalls(): Promise<Calls> {
  let world = createWorld({ seed: 'diagram' });
  const run = async (action: Action): Promise<Outcome> => {
    const step = await apply(world, action);
    if (!step.outcome.ok) throw new Error(`refused: ${action.type} ${JSON.stringify(step.outcome.error)}`);
    world = step.world;
    return step.outcome;
  };
  const imds = (resource: string): Action => ({ type: 'token.request', from: ref.vm('web-1'), request: { method: 'GET', url: `http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=${resource}`, headers: { Metadata: 'true' } } });
  const read: Action = { type: 'target.call', from: ref.vm('web-1'), request: { method: 'GET', url: 'https://kv-demo-1.vault.azure.net/secrets/db-password?api-version=7.4', headers: {} }, token: 'latest' };
  await run({ type: 'settings.set', propagationDelay: 0 });
  await run({ type: 'resourceGroup.create', name: RG });
  await run({ type: 'resource.create', kind: 'vm', resourceGroup: RG, name: 'web-1', identity: { systemAssigned: true } });
  await run({ type: 'resource.create', kind: 'keyVault', resourceGroup: RG, name: 'kv-demo-1' });
  await run({ type: 'keyVault.secret.set', vaultId: ref.kv('kv-demo-1'), name: 'db-password', value: 's3cret' });
  await run({ type: 'roleAssignment.create', scope: ref.kv('kv-demo-1'), role: 'Reader', assignee: ref.vm('web-1') });
  const token = await run(imds('https://vault.azure.net'));
  const forbidden = await run(read);
  const refusedWorld = world;
  await run(imds('https://management.azure.com/'));
  const wrongAudience = await run(read);
  await run({ type: 'roleAssignment.create', scope: ref.kv('kv-demo-1'), role: 'Key Vault Secrets User', assignee: ref.vm('web-1') });
  await run(imds('https://vault.azure.net'));
  const allowed = await run(read);
  const vm = Object.values(world.resources).find((r) => r.kind === 'vm');
  return {
    world,
    refusedWorld,
    principal: vm && 'identity' in vm ? vm.identity.systemAssigned!.principalId : '',
    vault: Object.values(world.resources).find((r) => r.kind === 'keyVault')!.id,
    assignment: Object.values(refusedWorld.roleAssignments)[0]!.id,
    token,
    forbidden,
    wrongAudience,
    allowed,
  };
}
