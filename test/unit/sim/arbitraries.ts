// Random learner actions for property tests. Each random "intent" is turned into an action against
// the world as it is at that moment, mostly naming things that exist (so the rules bite), sometimes
// things just deleted or never created, and names from small pools so that they collide.
import fc from 'fast-check';
import { applyControl } from '../../../src/sim/control.ts';
import { createWorld, isSource, type Action, type World } from '../../../src/sim/index.ts';

export interface Intent {
  op: number;
  a: number;
  b: number;
  c: number;
}

export const intentArb: fc.Arbitrary<Intent> = fc.record({ op: fc.nat(99), a: fc.nat(1000), b: fc.nat(1000), c: fc.nat(1000) });
export const intentsArb = fc.array(intentArb, { minLength: 1, maxLength: 50 });

const rgs = ['rg-a', 'rg-b', '__proto__'];
const names = ['web-1', 'web-2', 'app-x', 'constructor'];
const uamiNames = ['id-shared', 'id-two', 'id-3', 'toString'];
const roles = ['Reader', 'Owner', 'Contributor', 'Key Vault Secrets User', 'Storage Blob Data Reader', 'Nope Role'];
const kinds = ['vm', 'webApp', 'functionApp', 'logicApp', 'containerApp'] as const;

const pick = <T>(xs: readonly T[], n: number): T | undefined => (xs.length ? xs[n % xs.length] : undefined);
const ghost = '/resourceGroups/rg-a/providers/Microsoft.Compute/virtualMachines/never-made';

export function actionFor(world: World, { op, a, b, c }: Intent): Action {
  const resources = Object.values(world.resources);
  const sources = resources.filter(isSource).map((r) => r.id);
  const uamis = resources.filter((r) => r.kind === 'userAssignedIdentity').map((r) => r.id);
  const vaults = resources.filter((r) => r.kind === 'keyVault').map((r) => r.id);
  const sites = resources.filter((r) => r.kind === 'webApp' || r.kind === 'functionApp').map((r) => r.id);
  const rg = pick(rgs, a)!;
  const source = pick(sources, b) ?? ghost;
  const uami = pick(uamis, c) ?? '/resourceGroups/rg-a/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-gone';
  if (op < 3) return { type: 'resourceGroup.create', name: rg };
  if (op < 4) return { type: 'resourceGroup.delete', name: rg };
  if (op < 20) {
    const kind = pick(kinds, b)!;
    const withUami = c % 3 === 0 && uamis.length ? { userAssigned: [uami] } : {};
    return { type: 'resource.create', kind, resourceGroup: rg, name: pick(names, c)!, identity: { systemAssigned: a % 2 === 0, ...withUami } };
  }
  if (op < 30) return { type: 'resource.create', kind: 'userAssignedIdentity', resourceGroup: rg, name: pick(uamiNames, b)! };
  if (op < 33) return { type: 'resource.create', kind: 'keyVault', resourceGroup: rg, name: `kv-${b % 2}${rg}`, permissionModel: c % 2 ? 'rbac' : 'accessPolicy' };
  if (op < 35) return { type: 'slot.create', siteId: pick(sites, a) ?? ghost, name: pick(['staging', 'blue'], b)! };
  if (op < 43) return { type: 'resource.delete', id: pick([...sources, ...uamis, ...vaults, ghost], a)! };
  if (op < 53) return { type: 'identity.system.enable', resourceId: source };
  if (op < 58) return { type: 'identity.system.disable', resourceId: source };
  if (op < 68) return { type: 'identity.user.assign', resourceId: source, identityId: uami };
  if (op < 74) {
    const r = world.resources[source.toLowerCase()];
    const listed = r && isSource(r) ? r.identity.userAssigned.map((u) => u.id) : [];
    return { type: 'identity.user.unassign', resourceId: source, identityId: pick(listed, c) ?? uami };
  }
  if (op < 86) {
    const scopes = [`/resourceGroups/${rg}`, ...vaults, ...sources, ...uamis];
    const who = pick([...sources, ...uamis], c) ?? ghost;
    return { type: 'roleAssignment.create', scope: pick(scopes, a)!, role: pick(roles, b)!, assignee: who };
  }
  if (op < 91) {
    const assignments = Object.values(world.roleAssignments);
    return { type: 'roleAssignment.delete', id: pick(assignments, a)?.id ?? '00000000-0000-4000-8000-000000000001' };
  }
  if (op < 94) return { type: 'keyVault.setPermissionModel', vaultId: pick(vaults, a) ?? ghost, model: b % 2 ? 'rbac' : 'accessPolicy' };
  if (op < 96) return { type: 'keyVault.secret.set', vaultId: pick(vaults, a) ?? ghost, name: pick(['db-password', 'bad name'], b)!, value: 'x' };
  return { type: 'clock.advance', seconds: 1 + (a * 97) % 90000 };
}

/** The first two resource groups exist at the start, so that most random actions land on something; '__proto__' comes and goes. */
export const PRELUDE: Action[] = rgs.slice(0, 2).map((name) => ({ type: 'resourceGroup.create', name }));

export function startWorld(seed: string): World {
  return PRELUDE.reduce((w, a) => applyControl(w, a).world, createWorld({ seed }));
}
