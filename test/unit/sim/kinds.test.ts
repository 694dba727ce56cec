// The kinds registry: every kind has every piece, and every kind a person can create is created through
// the action schema and apply() alone, so a new entry cannot half-work.
import { describe, expect, it } from 'vitest';
import { KINDS, NAME_RULES, RESOURCE_KIND_VALUES, apply, armIdentity, createWorld, getResource, isSource, parseAction, validateName, type KindSpec, type ResourceKind } from '../../../src/sim/index.ts';
import { applyControl } from '../../../src/sim/control.ts';

const REQUIRED: (keyof KindSpec)[] = ['type', 'family', 'creatable', 'label', 'noun', 'short', 'ref', 'bothTypes', 'tokenEndpoint', 'name'];
const kinds = Object.keys(KINDS) as ResourceKind[];

describe('the kinds registry', () => {
  it.each(kinds)('%s has every field, a naming rule that accepts a valid name and an ARM type of its provider', (k) => {
    const spec: KindSpec = KINDS[k];
    for (const field of REQUIRED) expect(spec[field], `${k}.${field}`).not.toBeUndefined();
    expect(spec.type).toMatch(/^Microsoft\.[A-Za-z]+\/[A-Za-z]+(\/[A-Za-z]+)?$/);
    expect(spec.label.length).toBeGreaterThan(0);
    expect(spec.short.length).toBeLessThanOrEqual(16);
    expect(NAME_RULES[k]).toBe(spec.name);
    expect(spec.name.summary.length).toBeGreaterThan(0);
    // A compute kind says how its code asks for a token; other kinds run no code.
    if (spec.family === 'compute') expect(spec.tokenEndpoint).not.toBeNull();
    else expect(spec.tokenEndpoint).toBeNull();
    if (spec.tokenEndpoint === 'appService') expect(spec.localEndpoint).toMatch(/^http:\/\//);
  });

  it('the schema accepts exactly the creatable kinds', () => {
    expect([...RESOURCE_KIND_VALUES].sort()).toEqual(kinds.filter((k) => KINDS[k].creatable).sort());
    const refused = parseAction({ type: 'resource.create', kind: 'slot', resourceGroup: 'rg', name: 'x1' });
    expect(refused.ok).toBe(false);
  });

  it.each(RESOURCE_KIND_VALUES.map((k, i) => [k, i] as const))('a %s is created through the schema and apply()', async (k, i) => {
    let world = createWorld({ seed: 'kinds' });
    world = applyControl(world, { type: 'resourceGroup.create', name: 'rg-kinds' }).world;
    const name = `n${i}kind`;
    expect(validateName(NAME_RULES[k], name)).toBeNull();
    const input = { type: 'resource.create', kind: k, resourceGroup: 'rg-kinds', name, ...(KINDS[k].family === 'compute' ? { identity: { systemAssigned: true } } : {}) };
    const parsed = parseAction(input);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const step = await apply(world, parsed.action);
    expect(step.outcome.ok, step.outcome.error?.message).toBe(true);
    const r = getResource(step.world, step.outcome.created[0]!)!;
    expect(r.kind).toBe(k);
    expect(r.type).toBe(KINDS[k].type);
    expect(isSource(r)).toBe(KINDS[k].family === 'compute');
    if (isSource(r)) expect(armIdentity(r).type).toBe('SystemAssigned');
  });

  it('a deployment slot, the one kind made under its parent, is created by slot.create', async () => {
    let world = createWorld({ seed: 'kinds' });
    world = applyControl(world, { type: 'resourceGroup.create', name: 'rg-kinds' }).world;
    world = applyControl(world, { type: 'resource.create', kind: 'webApp', resourceGroup: 'rg-kinds', name: 'shop-kinds' }).world;
    const site = Object.values(world.resources)[0]!;
    const step = await apply(world, { type: 'slot.create', siteId: site.id, name: 'staging' });
    expect(step.outcome.ok).toBe(true);
    expect(getResource(step.world, `${site.id}/slots/staging`)?.type).toBe(KINDS.slot.type);
  });
});
