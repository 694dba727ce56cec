// Data-holding kinds are driven by their KINDS entry: the create dialog's fields, the resource the
// control plane makes (endpoint, child items made with it, the globally unique name), the blade's tabs
// and overview, RBAC scopes on child items, ARM's JSON and the diagram's node all come from `data` and
// `createFields`, so a new data-holding kind is its entry plus its own files.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KINDS, apply, childScope, createWorld, type ControlAction, getResource, holdingsOf, parseAction, resourceId, type DataSpec, type KindSpec, type ResourceKind, type World } from '../../../src/sim/index.ts';
import { applyControl } from '../../../src/sim/control.ts';
import { buildGraph } from '../../../src/diagram/graph.ts';
import { createOptions, fieldsOf, initialValues } from '../../../src/ui/dialogs/create-fields.ts';

const dataKinds = (Object.keys(KINDS) as ResourceKind[]).filter((k) => (KINDS[k] as KindSpec).data);
const dataOf = (k: ResourceKind) => (KINDS[k] as KindSpec).data as DataSpec;

async function created(kind: ResourceKind, name: string, group = 'rg-data'): Promise<{ world: World; ok: boolean; error?: { code: string } }> {
  let world = createWorld({ seed: 'data-kinds' });
  world = applyControl(world, { type: 'resourceGroup.create', name: 'rg-data' }).world;
  world = applyControl(world, { type: 'resourceGroup.create', name: 'rg-other' }).world;
  const action = (g: string) => parseAction({ type: 'resource.create', kind, resourceGroup: g, name, ...createOptions(kind as never, initialValues()) });
  const first = action(group);
  if (!first.ok) throw new Error(first.problem);
  const step = await apply(world, first.action);
  return { world: step.world, ok: step.outcome.ok, ...(step.outcome.error ? { error: step.outcome.error } : {}) };
}

describe('data-holding kinds', () => {
  it('are exactly the target kinds', () => {
    expect(dataKinds.sort()).toEqual((Object.keys(KINDS) as ResourceKind[]).filter((k) => KINDS[k].family === 'target').sort());
  });

  it.each(dataKinds)('%s is created from its entry: endpoint, the create fields, the child items made with it', async (kind) => {
    const spec = dataOf(kind);
    const name = 'data1kind';
    const { world, ok } = await created(kind, name);
    expect(ok).toBe(true);
    const r = getResource(world, resourceId(world.subscriptions[Object.keys(world.subscriptions)[0]!]!.subscriptionId, 'rg-data', kind, name))!;
    const held = holdingsOf(r)!;
    expect(held.spec).toBe(spec);
    expect(held.endpoint).toBe(spec.endpoint.url(name));
    // A text field that makes children makes exactly its starting value.
    const childField = fieldsOf(kind as never).find((f) => f.action === spec.children.withParent?.action);
    expect(held.children.map((c) => c.name)).toEqual(childField ? [childField.initial] : []);
    // Each child made with it is a scope for RBAC when the entry says so, in Azure's casing.
    for (const c of held.children) {
      const scope = `${r.id}/${spec.children.scope}/${c.name.toUpperCase()}`;
      expect(childScope(world, scope)).toBe(spec.children.scope ? `${r.id}/${spec.children.scope}/${c.name}` : undefined);
    }
    // The blade has a tab per entry tab; the diagram draws the kind as a target.
    expect(spec.tabs.length).toBeGreaterThan(0);
    const node = buildGraph(world).nodes.get(r.id.toLowerCase())!;
    expect(node).toMatchObject({ category: 'target', shape: 'cylinder' });
    expect(node.kind.startsWith(KINDS[kind].label)).toBe(true);
  });

  it.each(dataKinds)('%s refuses a second resource with its name anywhere with the 409 of its entry', async (kind) => {
    const name = 'data2kind';
    const { world } = await created(kind, name);
    const again = parseAction({ type: 'resource.create', kind, resourceGroup: 'rg-other', name });
    if (!again.ok) throw new Error(again.problem);
    const step = await apply(world, again.action);
    expect(step.outcome.ok).toBe(false);
    expect(step.outcome.error).toMatchObject({ status: 409, code: dataOf(kind).taken.code, message: dataOf(kind).taken.message(name) });
  });

  it('the dialog sends a choice always and a text box only when filled, from the entry', () => {
    expect(createOptions('keyVault', initialValues())).toEqual({ permissionModel: 'rbac' });
    expect(createOptions('serviceBusNamespace', { ...initialValues(), queues: '  ' })).toEqual({});
    expect(createOptions('serviceBusNamespace', { ...initialValues(), queues: ' q1 ' })).toEqual({ queues: ['q1'] });
    expect(createOptions('sqlServer', initialValues())).toEqual({ database: 'appdb' });
    expect(createOptions('vm', initialValues())).toEqual({});
  });

  it('the action schema takes each kind\'s fields from its entry, typed by it', () => {
    type Create = Extract<ControlAction, { type: 'resource.create' }>;
    type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
    const typed: [Same<Create['permissionModel'], 'rbac' | 'accessPolicy' | undefined>, Same<Create['queues'], string[] | undefined>, Same<Create['database'], string | undefined>] = [true, true, true];
    expect(typed).toEqual([true, true, true]);
    const base = { type: 'resource.create', kind: 'keyVault', resourceGroup: 'rg', name: 'kv-data-1' };
    expect(parseAction({ ...base, permissionModel: 'accessPolicy' }).ok).toBe(true);
    expect(parseAction({ ...base, permissionModel: 'none' }).ok).toBe(false);
    expect(parseAction({ ...base, kind: 'serviceBusNamespace', queues: 'orders' }).ok).toBe(false);
    expect(parseAction({ ...base, kind: 'serviceBusNamespace', queues: Array.from({ length: 11 }, (_, i) => `q${i}`) }).ok).toBe(false);
    expect(parseAction({ ...base, notAField: 1 }).ok).toBe(false);
  });

  it('leaves no data-holding kind named in the create dialog, the blade tabs or the control plane\'s create', () => {
    const named = new RegExp(`'(${dataKinds.join('|')})'`);
    expect(readFileSync('src/ui/dialogs/CreateDialog.svelte', 'utf8')).not.toMatch(named);
    expect(readFileSync('src/ui/dialogs/create-fields.ts', 'utf8')).not.toMatch(named);
    expect(readFileSync('src/sim/control/resources.ts', 'utf8')).not.toMatch(named);
    // The blade names a kind only where a kind has a view of its own (a vault's policies, a storage account's uploads, SQL's query editor).
    const blade = readFileSync('src/ui/blades/ResourceBlade.svelte', 'utf8');
    expect(blade).not.toMatch(/t\.push\(\{ id: '(secrets|containers|queues|query)'/);
    expect(blade).not.toMatch(/'serviceBusNamespace'/);
  });
});
