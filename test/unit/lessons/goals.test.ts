// Goals read the world and the last outcome by the names a learner sees.
import { beforeAll, describe, expect, it } from 'vitest';
import { describe as describeGoal, evaluate, GOAL_REGISTRY, goalKind, LAST_ACTION_KINDS, parseRef, type Goal, type GoalContext, type GoalKindName } from '../../../src/lessons/goals.ts';
import { checkGoal, GOAL_KINDS } from '../../../src/lessons/schema.ts';
import { apply, createWorld, type Action, type World } from '../../../src/sim/index.ts';

const rg = '/resourceGroups/rg-demo';
const vm = `${rg}/providers/Microsoft.Compute/virtualMachines/web-1`;
const kv = `${rg}/providers/Microsoft.KeyVault/vaults/kv-1`;
const uami = `${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-app`;
const imds = (resource: string) => ({ method: 'GET', url: `http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=${resource}`, headers: { Metadata: 'true' } });
const read = { method: 'GET', url: 'https://kv-1.vault.azure.net/secrets/db?api-version=7.4' };

async function run(actions: Action[], world = createWorld({ seed: 'goals', settings: { propagationDelay: 0 } })): Promise<GoalContext> {
  let last: GoalContext['last'] = null;
  for (const action of actions) {
    const step = await apply(world, action);
    world = step.world;
    last = { action, outcome: step.outcome };
  }
  return { world, last };
}

const met = (goal: Goal, ctx: GoalContext) => evaluate(goal, ctx).met;

let base: Action[];
let granted: GoalContext;
let deleted: GoalContext;

beforeAll(async () => {
  base = [
    { type: 'resourceGroup.create', name: 'rg-demo' },
    { type: 'resource.create', kind: 'vm', resourceGroup: 'rg-demo', name: 'web-1', identity: { systemAssigned: true } },
    { type: 'resource.create', kind: 'keyVault', resourceGroup: 'rg-demo', name: 'kv-1' },
    { type: 'keyVault.secret.set', vaultId: kv, name: 'db', value: 'x' },
  ];
  granted = await run([
    ...base,
    { type: 'roleAssignment.create', scope: kv, role: 'Key Vault Secrets User', assignee: vm },
    { type: 'token.request', from: vm, request: imds('https://vault.azure.net') },
    { type: 'target.call', from: vm, request: read, token: 'latest' },
  ]);
  deleted = await run([{ type: 'resource.delete', id: vm }], granted.world);
});

describe('parseRef', () => {
  it('splits kind and name, and refuses unknown kinds', () => {
    expect(parseRef('slot shop/slots/staging')).toEqual({ kind: 'slot', name: 'shop/slots/staging' });
    expect(parseRef('subscription')).toEqual({ kind: 'subscription', name: '' });
    expect(() => parseRef('computer web-1')).toThrow(/known kind/);
    expect(() => parseRef('vm')).toThrow(/needs a name/);
  });
});

describe('evaluate', () => {
  it('reads resources and identities by kind and name, case-insensitively', async () => {
    const ctx = await run(base);
    expect(met({ exists: 'vm web-1' }, ctx)).toBe(true);
    expect(met({ exists: 'vm WEB-1' }, ctx)).toBe(true);
    expect(met({ exists: 'keyVault web-1' }, ctx)).toBe(false);
    expect(met({ exists: 'resourceGroup rg-demo' }, ctx)).toBe(true);
    expect(met({ systemAssigned: 'vm web-1' }, ctx)).toBe(true);
    expect(met({ principal: { name: 'web-1', type: 'systemAssigned' } }, ctx)).toBe(true);
    expect(met({ principal: { name: 'web-1', type: 'userAssigned' } }, ctx)).toBe(false);
  });

  it('reads role assignments by role, scope and principal name; orphaned ones after the principal goes', () => {
    const g = { roleAssignment: { role: 'Key Vault Secrets User', scope: 'keyVault kv-1', principal: 'web-1' } };
    expect(met(g, granted)).toBe(true);
    expect(met({ roleAssignment: { ...g.roleAssignment, role: 'Reader' } }, granted)).toBe(false);
    expect(met({ roleAssignment: { principal: 'web-1', orphaned: true } }, granted)).toBe(false);
    expect(met({ roleAssignment: { principal: 'web-1', orphaned: true } }, deleted)).toBe(true);
    expect(met({ roleAssignment: { principal: 'web-1', orphaned: false } }, deleted)).toBe(false);
    expect(met({ principal: { name: 'web-1', deleted: true } }, deleted)).toBe(true);
  });

  it('reads tokens by audience and principal, and the last request and call', () => {
    expect(met({ token: { audience: 'https://vault.azure.net', principal: 'web-1', via: 'imds' } }, granted)).toBe(true);
    expect(met({ token: { audience: 'https://management.azure.com/' } }, granted)).toBe(false);
    expect(met({ token: { latest: true, expired: false } }, granted)).toBe(true);
    expect(met({ lastCall: { from: 'vm web-1', target: 'keyVault kv-1', status: 200 } }, granted)).toBe(true);
    expect(met({ lastCall: { status: 403 } }, granted)).toBe(false);
    expect(met({ lastRequest: { status: 200 } }, granted)).toBe(false); // the last action was a call
  });

  it('finds error codes in the body of an answer', async () => {
    const ctx = await run([{ type: 'token.request', from: vm, request: imds('https://vault.azure.net') }, { type: 'target.call', from: vm, request: read, token: 'latest' }], (await run(base)).world);
    expect(met({ lastCall: { target: 'keyVault kv-1', status: 403, code: 'ForbiddenByRbac' } }, ctx)).toBe(true);
    expect(met({ lastCall: { code: 'Forbidden' } }, ctx)).toBe(true);
    expect(met({ lastCall: { code: 'AccessDenied' } }, ctx)).toBe(false);
    expect(met({ lastCall: { message: 'Assignment: (not found)' } }, ctx)).toBe(true);
  });

  it('reads the last refused action and its code', async () => {
    const ctx = await run([{ type: 'identity.user.assign', resourceId: vm, identityId: uami }], (await run(base)).world);
    expect(met({ lastAction: { type: 'identity.user.assign', ok: false } }, ctx)).toBe(true);
    expect(met({ lastAction: { ok: false, code: 'FailedIdentityOperation' } }, ctx)).toBe(true);
    expect(met({ lastAction: { ok: true } }, ctx)).toBe(false);
  });

  it('reads a stale user-assigned entry once its identity is deleted', async () => {
    const ctx = await run([
      ...base,
      { type: 'resource.create', kind: 'userAssignedIdentity', resourceGroup: 'rg-demo', name: 'id-app' },
      { type: 'identity.user.assign', resourceId: vm, identityId: uami },
    ]);
    expect(met({ userAssigned: { resource: 'vm web-1', identity: 'id-app' } }, ctx)).toBe(true);
    const after = await run([{ type: 'resource.delete', id: uami }], ctx.world);
    expect(met({ userAssigned: { resource: 'vm web-1', identity: 'id-app' } }, after)).toBe(false);
    expect(met({ userAssigned: { resource: 'vm web-1', identity: 'id-app', stale: true } }, after)).toBe(true);
  });

  it('combines with all, any and not, and ticks the parts one by one', () => {
    const goal: Goal = { all: [{ not: { exists: 'vm web-1' } }, { roleAssignment: { principal: 'web-1', orphaned: true } }, { any: [{ exists: 'vm nope' }, { exists: 'keyVault kv-1' }] }] };
    const before = evaluate(goal, granted);
    expect(before.met).toBe(false);
    expect(before.parts!.map((p) => p.met)).toEqual([false, false, true]);
    const after = evaluate(goal, deleted);
    expect(after.met).toBe(true);
    expect(after.parts!.map((p) => p.text)).toEqual(['VM web-1 does not exist', 'A role assignment for web-1, shown as "Identity not found"', 'Any of: VM nope exists; Key vault kv-1 exists']);
  });

  it('is false for a missing last outcome, never throwing', () => {
    const ctx = { world: granted.world, last: null };
    expect(met({ lastCall: { status: 200 } }, ctx)).toBe(false);
    expect(met({ lastAction: {} }, ctx)).toBe(false);
    expect(met({ systemAssigned: 'keyVault kv-1' }, ctx)).toBe(false);
    expect(met({ roleAssignment: { scope: 'storageAccount none' } }, ctx)).toBe(false);
  });
});

describe('describe', () => {
  it('words goals as the step checklist shows them', () => {
    expect(describeGoal({ systemAssigned: 'vm web-1' })).toBe('VM web-1 has a system-assigned identity');
    expect(describeGoal({ not: { principal: { name: 'web-1' } } })).toBe('Entra ID has no service principal named web-1');
    expect(describeGoal({ token: { audience: 'https://vault.azure.net', principal: 'web-1' } })).toBe('A token with audience https://vault.azure.net for web-1 was issued');
    expect(describeGoal({ lastCall: { target: 'keyVault kv-1', status: 403, code: 'ForbiddenByRbac' } })).toBe('Your last call to key vault kv-1 returned 403 ForbiddenByRbac');
    expect(describeGoal({ roleAssignment: { role: 'Key Vault Secrets User', scope: 'keyVault kv-1', principal: 'web-1' } })).toBe("A role assignment of 'Key Vault Secrets User' for web-1 at key vault kv-1");
  });
});

describe('the goal registry', () => {
  it('gives every kind its schema, check and words, and the schema checks what the type says', () => {
    for (const name of Object.keys(GOAL_REGISTRY) as GoalKindName[]) {
      const kind = goalKind(name);
      expect(typeof kind.holds, name).toBe('function');
      expect(typeof kind.describe, name).toBe('function');
    }
    expect(GOAL_KINDS).toEqual(['all', 'any', 'not', ...Object.keys(GOAL_REGISTRY)]);
    expect(checkGoal({ lastAction: { type: 'vm.reboot' } })).toEqual(["goal.lastAction.type: 'vm.reboot' is not an action type"]);
    expect(checkGoal({ lastRequest: { by: 'name' } })[0]).toMatch(/^goal\.lastRequest\.by: /);
    expect(checkGoal({ exists: 'vm web-1' })).toEqual([]);
    // The Goal type comes from the schemas: a wrong field is a compile error, not only a load error.
    // @ts-expect-error status is a number
    const wrong: Goal = { lastCall: { status: '403' } };
    // @ts-expect-error no such goal kind
    const unknown: Goal = { reboots: 'vm web-1' };
    expect(checkGoal(wrong)).not.toEqual([]);
    expect(checkGoal(unknown)[0]).toMatch(/unknown goal 'reboots'/);
  });

  it('marks the kinds that read the last action rather than the world', () => {
    expect(LAST_ACTION_KINDS.sort()).toEqual(['lastAction', 'lastCall', 'lastRequest']);
  });
});

describe('canRead', () => {
  it('holds however the access was granted, and only once it has propagated', async () => {
    expect(met({ canRead: { principal: 'web-1', target: 'keyVault kv-1' } }, granted)).toBe(true);
    const world = createWorld({ seed: 'goals', settings: { propagationDelay: 300 } });
    const inherited = await run([...base, { type: 'roleAssignment.create', scope: rg, role: 'Key Vault Secrets User', assignee: vm }], world);
    expect(met({ canRead: { principal: 'web-1', target: 'keyVault kv-1' } }, inherited), 'not propagated yet').toBe(false);
    const later = await run([{ type: 'clock.advance', seconds: 300 }], inherited.world);
    expect(met({ canRead: { principal: 'web-1', target: 'keyVault kv-1' } }, later), 'inherited from the resource group').toBe(true);
    const policy = await run([
      ...base.slice(0, 2),
      { type: 'resource.create', kind: 'keyVault', resourceGroup: 'rg-demo', name: 'kv-1', permissionModel: 'accessPolicy' },
      { type: 'roleAssignment.create', scope: kv, role: 'Key Vault Secrets User', assignee: vm },
    ]);
    expect(met({ canRead: { principal: 'web-1', target: 'keyVault kv-1' } }, policy), 'a role does not count on an access-policy vault').toBe(false);
    expect(describeGoal({ not: { canRead: { principal: 'id-app', target: 'storageAccount st1' } } })).toBe('id-app cannot read blobs in storage account st1');
    expect(checkGoal({ canRead: { principal: 'web-1', target: 'vm web-1' } })).toEqual(['goal.canRead.target: expected a keyVault or storageAccount']);
  });
});

describe('token audiences', () => {
  it('match as Entra names resources: with or without a trailing slash, in any case', async () => {
    const ctx = await run([...base, { type: 'token.request', from: vm, request: imds('https://storage.azure.com') }]);
    expect(met({ token: { principal: 'web-1', audience: 'https://storage.azure.com/' } }, ctx)).toBe(true);
    expect(met({ token: { principal: 'web-1', audience: 'HTTPS://STORAGE.AZURE.COM' } }, ctx)).toBe(true);
    expect(met({ token: { principal: 'web-1', audience: 'https://storage.azure.com/x' } }, ctx)).toBe(false);
  });
});

describe('canAttach', () => {
  it("holds when the user's roles grant the identity's assign action, and with a resource also its write, as Azure checks them", async () => {
    const dana = 'dana@contoso.onmicrosoft.com';
    const other = `${rg}/providers/Microsoft.Compute/virtualMachines/web-2`;
    const start = await run([
      { type: 'resourceGroup.create', name: 'rg-demo' },
      { type: 'resource.create', kind: 'userAssignedIdentity', resourceGroup: 'rg-demo', name: 'id-app' },
      { type: 'resource.create', kind: 'vm', resourceGroup: 'rg-demo', name: 'web-1' },
      { type: 'resource.create', kind: 'vm', resourceGroup: 'rg-demo', name: 'web-2' },
      { type: 'user.create', userPrincipalName: dana, displayName: 'Dana' },
      { type: 'roleAssignment.create', scope: vm, role: 'Virtual Machine Contributor', assignee: dana },
    ]);
    const onVm = { canAttach: { user: 'Dana', identity: 'id-app', resource: 'vm web-1' } } as const;
    expect(met({ canAttach: { user: 'Dana', identity: 'id-app' } }, start), 'write on the VM is not the assign action').toBe(false);
    expect(met(onVm, start)).toBe(false);
    expect(met({ canAttach: { user: 'Sandbox admin', identity: 'id-app', resource: 'vm web-1' } }, start), 'the admin owns the subscription').toBe(true);

    const operator = await run([{ type: 'roleAssignment.create', scope: uami, role: 'Managed Identity Operator', assignee: dana }], start.world);
    expect(met({ canAttach: { user: dana, identity: 'ID-APP' } }, operator), 'named by user name, any case').toBe(true);
    expect(met(onVm, operator)).toBe(true);
    expect(met({ canAttach: { user: 'Dana', identity: 'id-app', resource: 'vm web-2' } }, operator), 'no write on web-2').toBe(false);
    // The goal agrees with what Azure does when she tries.
    const asDana = await run([{ type: 'user.actAs', user: dana }, { type: 'identity.user.assign', resourceId: other, identityId: uami }], operator.world);
    expect(asDana.last?.outcome.error?.code).toBe('AuthorizationFailed');
    const refused = await run([{ type: 'user.actAs', user: dana }, { type: 'identity.user.assign', resourceId: vm, identityId: uami }], start.world);
    expect(refused.last?.outcome.error?.code).toBe('LinkedAuthorizationFailed');

    const [mio] = Object.values(operator.world.roleAssignments).filter((a) => a.scope.toLowerCase().endsWith('/id-app'));
    const revoked = await run([{ type: 'roleAssignment.delete', id: mio!.id }], operator.world);
    expect(met({ canAttach: { user: 'Dana', identity: 'id-app' } }, revoked)).toBe(false);
    expect(revoked.last?.outcome.summary, 'a user is a live principal, not "Identity not found"').toBe('Removed the role assignment.');

    expect(met({ canAttach: { user: 'Mallory', identity: 'id-app' } }, operator), 'no such user').toBe(false);
    expect(met({ canAttach: { user: 'Dana', identity: 'id-other' } }, operator), 'no such identity').toBe(false);
    expect(describeGoal({ not: { canAttach: { user: 'Dana', identity: 'id-app', resource: 'vm web-1' } } })).toBe('Dana may not attach the identity id-app to VM web-1');
    expect(checkGoal({ canAttach: { user: 'Dana' } })[0]).toMatch(/^goal\.canAttach\.identity: /);
  });
});
