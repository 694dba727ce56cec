// Build worlds for tests by applying actions, failing loudly when a set-up step is refused.
import { applyControl } from '../../src/sim/control.ts';
import { createWorld, getResource, type Action, type Outcome, type World } from '../../src/sim/index.ts';

export const RG = 'rg-demo';
export const id = {
  vm: (name: string) => `/resourceGroups/${RG}/providers/Microsoft.Compute/virtualMachines/${name}`,
  web: (name: string) => `/resourceGroups/${RG}/providers/Microsoft.Web/sites/${name}`,
  slot: (app: string, slot: string) => `/resourceGroups/${RG}/providers/Microsoft.Web/sites/${app}/slots/${slot}`,
  uami: (name: string) => `/resourceGroups/${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`,
  kv: (name: string) => `/resourceGroups/${RG}/providers/Microsoft.KeyVault/vaults/${name}`,
  sa: (name: string) => `/resourceGroups/${RG}/providers/Microsoft.Storage/storageAccounts/${name}`,
  logic: (name: string) => `/resourceGroups/${RG}/providers/Microsoft.Logic/workflows/${name}`,
  ca: (name: string) => `/resourceGroups/${RG}/providers/Microsoft.App/containerApps/${name}`,
  rg: () => `/resourceGroups/${RG}`,
};

/** A resource that must exist. */
export function resourceAt(world: World, ref: string) {
  const r = getResource(world, ref);
  if (!r) throw new Error(`no resource ${ref}`);
  return r;
}

/** The principal id of a user-assigned identity, or of a resource's system-assigned identity. */
export function principalAt(world: World, ref: string): string {
  const r = resourceAt(world, ref);
  if (r.kind === 'userAssignedIdentity') return r.principalId;
  if ('identity' in r && r.identity.systemAssigned) return r.identity.systemAssigned.principalId;
  throw new Error(`${ref} has no principal`);
}

export class Sim {
  world: World;
  last!: Outcome;
  constructor(seed = 'test') {
    this.world = createWorld({ seed });
  }
  /** Apply an action that must succeed. */
  do(action: Action): Outcome {
    const step = applyControl(this.world, action);
    if (!step.outcome.ok) throw new Error(`set-up step refused: ${JSON.stringify(step.outcome.error)}`);
    this.world = step.world;
    this.last = step.outcome;
    return step.outcome;
  }
  /** Apply an action that may be refused; the world only moves on success. */
  try(action: Action): Outcome {
    const step = applyControl(this.world, action);
    this.world = step.world;
    this.last = step.outcome;
    return step.outcome;
  }
  rg(name = RG) {
    return this.do({ type: 'resourceGroup.create', name });
  }
  vm(name: string, identity?: { systemAssigned?: boolean; userAssigned?: string[] }) {
    return this.do({ type: 'resource.create', kind: 'vm', resourceGroup: RG, name, ...(identity ? { identity } : {}) });
  }
  uami(name: string) {
    return this.do({ type: 'resource.create', kind: 'userAssignedIdentity', resourceGroup: RG, name });
  }
  res(ref: string) {
    return resourceAt(this.world, ref);
  }
  principal(ref: string): string {
    return principalAt(this.world, ref);
  }
}
