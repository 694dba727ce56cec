// The audiences a learner can ask a token for: Azure's well-known resources in the form the docs use,
// then the tenant's own APIs (app ID URIs).
import { FIRST_PARTY_RESOURCES, TARGETS, TARGET_IDS, type World } from '../../sim/index.ts';

export interface AudienceOption {
  value: string;
  label: string;
}

export function audienceOptions(world: World): AudienceOption[] {
  const known = FIRST_PARTY_RESOURCES.map((r) => ({ value: r.resource, label: r.name }));
  const apis = Object.values(world.applications).flatMap((a) => (a.identifierUris.length ? a.identifierUris : a.api ? [a.appId] : []).map((value) => ({ value, label: `${a.displayName} (your API)` })));
  return [...known, ...apis];
}

/** A sensible first audience: the first service, in the registry's order, whose kind of target the world has; else ARM. */
export function defaultAudience(world: World): string {
  const kinds = new Set(Object.values(world.resources).map((r) => r.kind));
  const service = TARGET_IDS.map((id) => TARGETS[id]).find((t) => t.firstParty && t.kinds.some((k) => kinds.has(k))) ?? TARGETS.arm;
  return Object.keys(service.firstParty!.resources)[0]!;
}

/** The scope the Azure SDK takes for a resource: `<resource>/.default`. */
export function scopeOf(audience: string): string {
  return `${audience.trim().replace(/\/+$/, '')}/.default`;
}
