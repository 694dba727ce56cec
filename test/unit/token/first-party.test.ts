// A first-party API's identity (the resource ids tokens are asked for, its application and app roles)
// is a field of its target registry entry: the authority's list of well-known resources, the audiences
// the form offers and the apps whose roles can be assigned are all read from TARGETS, so adding such an
// API is its entry and its own module, not edits to audiences.ts and apps.ts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIRST_PARTY_APPS, FIRST_PARTY_RESOURCES, TARGETS, TARGET_IDS, WELL_KNOWN_RESOURCES, createWorld, type TargetService } from '../../../src/sim/index.ts';
import { findApp } from '../../../src/sim/token/apps.ts';
import { resolveResource } from '../../../src/sim/token/audiences.ts';
import { audienceOptions } from '../../../src/ui/tokens/audiences.ts';

const entries = TARGET_IDS.map((id) => [id, TARGETS[id] as TargetService] as const);

describe('first-party APIs come from the target registry', () => {
  it('lists every resource id of every entry, as the entry writes it, among the well-known resources', () => {
    for (const [, service] of entries) {
      for (const [resource, name] of Object.entries(service.firstParty?.resources ?? {})) {
        expect(FIRST_PARTY_RESOURCES).toContainEqual({ resource, name });
        expect(WELL_KNOWN_RESOURCES[resource.toLowerCase().replace(/\/+$/, '')]).toBe(name);
      }
    }
    // The form offers them in the form the docs use: ARM and Storage with their trailing slash.
    const offered = audienceOptions(createWorld({ seed: 'fp' })).map((o) => o.value);
    expect(offered).toEqual(expect.arrayContaining(['https://management.azure.com/', 'https://storage.azure.com/', 'https://graph.microsoft.com', 'https://database.windows.net/']));
  });

  it('takes the apps whose app roles can be assigned from the entries that declare one (Microsoft Graph, with User.Read.All)', () => {
    const declared = entries.flatMap(([, s]) => (s.firstParty?.app ? [s.firstParty.app] : []));
    expect(FIRST_PARTY_APPS).toEqual(declared);
    const graph = TARGETS.graph.firstParty!.app!;
    expect(graph.appRoles.map((r) => r.value)).toContain('User.Read.All');
    const world = createWorld({ seed: 'fp' });
    for (const ref of [graph.appId, graph.displayName, graph.servicePrincipalId, 'https://graph.microsoft.com/']) expect(findApp(world, ref, true)).toBe(graph);
    // A token asked for Graph's resource id carries the roles of Graph's app.
    expect(resolveResource(world, 'https://graph.microsoft.com')).toEqual({ name: 'Microsoft Graph', api: graph });
    expect(resolveResource(world, 'https://vault.azure.net/')).toEqual({ name: 'Azure Key Vault' });
  });

  it('leaves no first-party API named in audiences.ts or apps.ts', () => {
    for (const file of ['src/sim/token/audiences.ts', 'src/sim/token/apps.ts']) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/graph\.microsoft\.com|GRAPH|vault\.azure\.net'|management\.azure\.com'/);
    }
  });
});
