// Acting as a tenant user: every control-plane action is checked against that user's Azure RBAC role
// assignments and refused in ARM's words (AuthorizationFailed, LinkedAuthorizationFailed); the sandbox
// admin, whom every existing scenario runs as, may do everything.
import { describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import { sandboxMachine } from '../../../src/machine/sandbox.ts';
import { actingUser, signedInUser, tenantUsers } from '../../../src/sim/users.ts';
import { apply, createWorld, describeAction, findRole, isOrphaned, parseAction, replay, type Action, type Outcome, type World } from '../../../src/sim/index.ts';

const RG = 'rg-demo';
const vm = (n: string) => `/resourceGroups/${RG}/providers/Microsoft.Compute/virtualMachines/${n}`;
const uami = (n: string) => `/resourceGroups/${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${n}`;
const kv = (n: string) => `/resourceGroups/${RG}/providers/Microsoft.KeyVault/vaults/${n}`;
const sa = (n: string) => `/resourceGroups/${RG}/providers/Microsoft.Storage/storageAccounts/${n}`;
const DANA = 'dana@contoso.onmicrosoft.com';

class World1 {
  world: World = createWorld({ seed: 'authz', settings: { propagationDelay: 0 } });
  last!: Outcome;
  async do(action: Action): Promise<Outcome> {
    const step = await apply(this.world, action);
    if (!step.outcome.ok) throw new Error(`refused: ${JSON.stringify(step.outcome.error)}`);
    this.world = step.world;
    return (this.last = step.outcome);
  }
  async try(action: Action): Promise<Outcome> {
    const step = await apply(this.world, action);
    this.world = step.world;
    return (this.last = step.outcome);
  }
  /** Grant Dana a role (as the admin), then act as her. */
  async as(role: string, scope: string) {
    await this.actAs('admin@contoso.onmicrosoft.com');
    await this.do({ type: 'roleAssignment.create', scope, role, assignee: DANA });
    await this.actAs(DANA);
  }
  actAs(user: string) {
    return this.do({ type: 'user.actAs', user });
  }
}

/** An admin-built world: a group with a VM, an identity, a vault, a storage account; and the user Dana. */
async function seeded(): Promise<World1> {
  const w = new World1();
  await w.do({ type: 'resourceGroup.create', name: RG });
  await w.do({ type: 'resource.create', kind: 'vm', resourceGroup: RG, name: 'vm-dana' });
  await w.do({ type: 'resource.create', kind: 'userAssignedIdentity', resourceGroup: RG, name: 'id-admin' });
  await w.do({ type: 'resource.create', kind: 'keyVault', resourceGroup: RG, name: 'kv-app' });
  await w.do({ type: 'resource.create', kind: 'storageAccount', resourceGroup: RG, name: 'stapp' });
  await w.do({ type: 'user.create', userPrincipalName: DANA, displayName: 'Dana' });
  return w;
}

/** One probe per kind of control-plane action, and whether each role allows it at the resource group. */
const PROBES: { name: string; action: Action }[] = [
  { name: 'create a VM', action: { type: 'resource.create', kind: 'vm', resourceGroup: RG, name: 'vm-2' } },
  { name: 'turn on a VM identity', action: { type: 'identity.system.enable', resourceId: vm('vm-dana') } },
  { name: 'create an identity', action: { type: 'resource.create', kind: 'userAssignedIdentity', resourceGroup: RG, name: 'id-2' } },
  { name: 'grant a role', action: { type: 'roleAssignment.create', scope: kv('kv-app'), role: 'Key Vault Secrets User', assignee: uami('id-admin') } },
  { name: 'switch the vault to access policies', action: { type: 'keyVault.setPermissionModel', vaultId: kv('kv-app'), model: 'accessPolicy' } },
  { name: 'create a container', action: { type: 'storage.container.create', accountId: sa('stapp'), name: 'docs' } },
  { name: 'delete the vault', action: { type: 'resource.delete', id: kv('kv-app') } },
  // A new group is written at the subscription: no role on rg-demo reaches it.
  { name: 'create a group', action: { type: 'resourceGroup.create', name: 'rg-2' } },
];
const EXPECTED: Record<string, string[]> = {
  Owner: PROBES.map((p) => p.name).filter((n) => n !== 'create a group'),
  Contributor: PROBES.map((p) => p.name).filter((n) => n !== 'grant a role' && n !== 'create a group'),
  Reader: [],
  'User Access Administrator': ['grant a role'],
  'Virtual Machine Contributor': ['create a VM', 'turn on a VM identity'],
  'Managed Identity Operator': [],
  'Managed Identity Contributor': ['create an identity'],
};

describe('acting as a tenant user (control-plane authorization)', () => {
  it('the sandbox admin, whom every scenario starts as, may do everything, with no role assignment in the world [§4 Scopes]', async () => {
    const w = await seeded();
    expect(actingUser(w.world)).toEqual(signedInUser(w.world));
    for (const p of PROBES) expect((await w.try(p.action)).ok, p.name).toBe(true);
    expect(Object.values(w.world.roleAssignments).filter((a) => a.principalType === 'User')).toEqual([]);
  });

  it('adds no field and draws no id from the generator while nobody creates a user: worlds stay as they were', async () => {
    const w = new World1();
    const before = JSON.stringify(w.world);
    await w.do({ type: 'resourceGroup.create', name: RG });
    expect(Object.keys(w.world)).not.toContain('users');
    expect(Object.keys(w.world)).not.toContain('actingAs');
    expect(JSON.parse(before).rng).toBe(createWorld({ seed: 'authz' }).rng);
  });

  for (const [role, allowed] of Object.entries(EXPECTED)) {
    it(`${role} at the resource group allows ${allowed.length ? allowed.join(', ') : 'none of the probes'}, and refuses the rest with AuthorizationFailed`, async () => {
      expect(findRole(role), role).toBeDefined();
      for (const p of PROBES) {
        const w = await seeded();
        await w.as(role, `/resourceGroups/${RG}`);
        const out = await w.try(p.action);
        if (allowed.includes(p.name)) {
          expect(out.ok, `${role}: ${p.name} ${JSON.stringify(out.error)}`).toBe(true);
        } else {
          expect(out.ok, `${role}: ${p.name}`).toBe(false);
          expect(out.error?.status).toBe(403);
          expect(out.error?.code).toBe('AuthorizationFailed');
        }
      }
    });
  }

  it("refuses in ARM's words: the user's UPN and object id, the action, the scope [§4, D11]", async () => {
    const w = await seeded();
    await w.as('Reader', `/resourceGroups/${RG}`);
    const dana = actingUser(w.world);
    const out = await w.try({ type: 'resource.delete', id: vm('vm-dana') });
    const vmId = Object.values(w.world.resources).find((r) => r.name === 'vm-dana')!.id;
    expect(out.error?.message).toBe(
      `The client '${DANA}' with object id '${dana.id}' does not have authorization to perform action 'Microsoft.Compute/virtualMachines/delete' over scope '${vmId}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    );
    expect(out.notes.join(' ')).toContain("Dana's roles here ('Reader')");
    expect(w.world.resources[vmId.toLowerCase()]).toBeDefined();
  });

  it('a role assignment is checked at its scope, and the refusal names the assignment id there', async () => {
    const w = await seeded();
    await w.as('Contributor', `/resourceGroups/${RG}`);
    const name = '11111111-2222-4333-8444-555555555555';
    const out = await w.try({ type: 'roleAssignment.create', scope: kv('kv-app'), role: 'Owner', assignee: DANA, name });
    expect(out.error?.code).toBe('AuthorizationFailed');
    expect(out.error?.message).toContain(`'Microsoft.Authorization/roleAssignments/write' over scope '/subscriptions/`);
    expect(out.error?.message).toContain(`/providers/Microsoft.KeyVault/vaults/kv-app/providers/Microsoft.Authorization/roleAssignments/${name}'`);
  });

  it('a role at one resource does not reach its neighbours; one at the group reaches them all', async () => {
    const w = await seeded();
    await w.as('Virtual Machine Contributor', vm('vm-dana'));
    expect((await w.try({ type: 'identity.system.enable', resourceId: vm('vm-dana') })).ok).toBe(true);
    expect((await w.try({ type: 'resource.create', kind: 'vm', resourceGroup: RG, name: 'vm-2' })).error?.code).toBe('AuthorizationFailed');
  });

  describe('attaching a user-assigned identity needs assign/action on the identity [§4, I:aad-pod-identity#443]', () => {
    it('Virtual Machine Contributor alone: 403 LinkedAuthorizationFailed, in ARM\'s words, and the VM is unchanged', async () => {
      const w = await seeded();
      await w.as('Virtual Machine Contributor', vm('vm-dana'));
      const dana = actingUser(w.world);
      const out = await w.try({ type: 'identity.user.assign', resourceId: vm('vm-dana'), identityId: uami('id-admin') });
      const vmId = Object.values(w.world.resources).find((r) => r.name === 'vm-dana')!.id;
      const idId = Object.values(w.world.resources).find((r) => r.name === 'id-admin')!.id;
      expect(out.error).toEqual({
        status: 403,
        code: 'LinkedAuthorizationFailed',
        message: `The client '${DANA}' with object id '${dana.id}' has permission to perform action 'Microsoft.Compute/virtualMachines/write' on scope '${vmId}'; however, it does not have permission to perform action 'Microsoft.ManagedIdentity/userAssignedIdentities/assign/action' on the linked scope(s) '${idId}' or the linked scope(s) are invalid.`,
      });
      const r = w.world.resources[vmId.toLowerCase()]!;
      expect('identity' in r && r.identity.userAssigned).toEqual([]);
    });

    it('so is creating a VM with the identity attached', async () => {
      const w = await seeded();
      await w.as('Virtual Machine Contributor', `/resourceGroups/${RG}`);
      const out = await w.try({ type: 'resource.create', kind: 'vm', resourceGroup: RG, name: 'vm-3', identity: { userAssigned: [uami('id-admin')] } });
      expect(out.error?.code).toBe('LinkedAuthorizationFailed');
    });

    it('with Managed Identity Operator on the identity the same request succeeds; Managed Identity Contributor is not enough', async () => {
      const w = await seeded();
      await w.as('Virtual Machine Contributor', vm('vm-dana'));
      await w.actAs('admin@contoso.onmicrosoft.com');
      await w.do({ type: 'roleAssignment.create', scope: uami('id-admin'), role: 'Managed Identity Contributor', assignee: DANA });
      await w.actAs(DANA);
      expect((await w.try({ type: 'identity.user.assign', resourceId: vm('vm-dana'), identityId: uami('id-admin') })).error?.code).toBe('LinkedAuthorizationFailed');
      await w.actAs('admin@contoso.onmicrosoft.com');
      await w.do({ type: 'roleAssignment.create', scope: uami('id-admin'), role: 'Managed Identity Operator', assignee: DANA });
      await w.actAs(DANA);
      const ok = await w.try({ type: 'identity.user.assign', resourceId: vm('vm-dana'), identityId: uami('id-admin') });
      expect(ok.ok, JSON.stringify(ok.error)).toBe(true);
    });

    it('Managed Identity Operator alone may not write the VM: AuthorizationFailed comes first', async () => {
      const w = await seeded();
      await w.as('Managed Identity Operator', uami('id-admin'));
      expect((await w.try({ type: 'identity.user.assign', resourceId: vm('vm-dana'), identityId: uami('id-admin') })).error?.code).toBe('AuthorizationFailed');
    });
  });

  it('a role that has not propagated yet refuses, and says when it takes effect', async () => {
    const w = await seeded();
    await w.do({ type: 'settings.set', propagationDelay: 300 });
    await w.as('Contributor', `/resourceGroups/${RG}`);
    const out = await w.try({ type: 'resourceGroup.delete', name: RG });
    expect(out.error?.code).toBe('AuthorizationFailed');
    expect(out.notes.join(' ')).toMatch(/has not propagated yet/);
    await w.do({ type: 'clock.advance', seconds: 300 });
    expect((await w.try({ type: 'resource.delete', id: kv('kv-app') })).ok).toBe(true);
  });

  it('leaves the sandbox and the data plane alone: the clock, settings and secrets still work for any user', async () => {
    const w = await seeded();
    await w.actAs(DANA);
    expect((await w.try({ type: 'clock.advance', seconds: 60 })).ok).toBe(true);
    expect((await w.try({ type: 'settings.set', tokenCache: false })).ok).toBe(true);
    expect((await w.try({ type: 'keyVault.secret.set', vaultId: kv('kv-app'), name: 's', value: 'v' })).ok).toBe(true);
  });

  it('only the sandbox admin creates users (Entra: Authorization_RequestDenied)', async () => {
    const w = await seeded();
    await w.actAs(DANA);
    const out = await w.try({ type: 'user.create', userPrincipalName: 'eve@contoso.onmicrosoft.com' });
    expect(out.error).toEqual({ status: 403, code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' });
  });

  it('role assignments to a user are principalType User, not orphaned, and named by the user in words', async () => {
    const w = await seeded();
    const out = await w.do({ type: 'roleAssignment.create', scope: vm('vm-dana'), role: 'Virtual Machine Contributor', assignee: DANA });
    expect(out.summary).toContain("to 'Dana'");
    const a = Object.values(w.world.roleAssignments)[0]!;
    expect(a.principalType).toBe('User');
    expect(isOrphaned(w.world, a.principalId)).toBe(false);
    expect(describeAction(w.world, { type: 'roleAssignment.create', scope: vm('vm-dana'), role: 'Reader', assignee: a.principalId })).toContain('to Dana');
    const { toAz } = await import('../../../src/console/toAz.ts');
    expect(toAz(w.world, { type: 'roleAssignment.create', scope: vm('vm-dana'), role: 'Reader', assignee: DANA })).toContain(`--assignee-object-id ${a.principalId} --assignee-principal-type User`);
  });

  describe('users', () => {
    it('checks user principal names against Entra\'s rules and the tenant\'s domain, and refuses duplicates', async () => {
      const w = await seeded();
      for (const bad of ['dana', '@contoso.onmicrosoft.com', 'dana@example.com', '.dana@contoso.onmicrosoft.com', 'da..na@contoso.onmicrosoft.com', 'da na@contoso.onmicrosoft.com', `${'a'.repeat(65)}@contoso.onmicrosoft.com`, '<img src=x onerror=alert(1)>@contoso.onmicrosoft.com']) {
        const out = await w.try({ type: 'user.create', userPrincipalName: bad });
        expect(out.error, bad).toEqual({ status: 400, code: 'Request_BadRequest', message: 'Property userPrincipalName is invalid.' });
      }
      expect((await w.try({ type: 'user.create', userPrincipalName: 'DANA@contoso.onmicrosoft.com' })).error?.message).toBe('Another object with the same value for property userPrincipalName already exists.');
    });

    it('keeps a hostile display name as plain data, shown as it was typed', async () => {
      const w = await seeded();
      const hostile = '<script>alert(1)</script> "]; click A call evil()%%';
      await w.do({ type: 'user.create', userPrincipalName: 'mallory@contoso.onmicrosoft.com', displayName: hostile });
      expect(tenantUsers(w.world).map((u) => u.displayName)).toContain(hostile);
      await w.actAs('mallory@contoso.onmicrosoft.com');
      expect(actingUser(w.world).displayName).toBe(hostile);
      const out = await w.try({ type: 'resourceGroup.create', name: 'rg-x' });
      expect(out.error?.message).toContain("The client 'mallory@contoso.onmicrosoft.com'");
      expect(describeAction(w.world, { type: 'user.actAs', user: 'mallory@contoso.onmicrosoft.com' })).toBe(`Act as ${hostile}`);
    });

    it('acting as someone unknown is refused in Graph\'s words', async () => {
      const w = await seeded();
      expect((await w.try({ type: 'user.actAs', user: 'nobody@contoso.onmicrosoft.com' })).error?.code).toBe('Request_ResourceNotFound');
    });

    it('user actions are checked like any other action in a scenario file', () => {
      expect(parseAction({ type: 'user.create', userPrincipalName: DANA }).ok).toBe(true);
      expect(parseAction({ type: 'user.actAs', user: DANA, extra: 1 }).ok).toBe(false);
      expect(parseAction({ type: 'user.actAs' }).ok).toBe(false);
    });

    it('replays deterministically: the same scenario gives the same user ids', async () => {
      const actions: Action[] = [{ type: 'user.create', userPrincipalName: DANA }, { type: 'user.actAs', user: DANA }];
      const a = await replay({ seed: 's', actions });
      const b = await replay({ seed: 's', actions });
      expect(a.world).toEqual(b.world);
      expect(a.world.actingAs).toBe(Object.keys(a.world.users!)[0]);
    });
  });

  it('switching users is undone and redone like any other step', async () => {
    const actor = createActor(sandboxMachine, { input: {} }).start();
    await waitFor(actor, (s) => s.matches('idle'));
    const act = async (action: Action) => {
      actor.send({ type: 'ACT', action });
      await waitFor(actor, (s) => s.matches('idle') && s.context.queue.length === 0);
      return actor.getSnapshot().context;
    };
    await act({ type: 'user.create', userPrincipalName: DANA, displayName: 'Dana' });
    const switched = await act({ type: 'user.actAs', user: DANA });
    expect(actingUser(switched.world).displayName).toBe('Dana');
    const refused = await act({ type: 'resourceGroup.create', name: 'rg-x' });
    expect(refused.cursor).toBe(2); // a refusal joins no history
    expect(refused.entries.map((e) => e.action.type)).toEqual(['user.create', 'user.actAs']);
    actor.send({ type: 'UNDO' });
    await waitFor(actor, (s) => s.matches('idle'));
    expect(actingUser(actor.getSnapshot().context.world).displayName).toBe('Sandbox admin');
    const again = await act({ type: 'resourceGroup.create', name: 'rg-x' });
    expect(again.cursor).toBe(2); // replaces the undone switch
    // Undoing the step that replaced the switch brings the switch back as the redo future.
    actor.send({ type: 'UNDO' });
    expect(actingUser(actor.getSnapshot().context.world).displayName).toBe('Sandbox admin');
    actor.send({ type: 'REDO' });
    expect(actingUser(actor.getSnapshot().context.world).displayName).toBe('Dana');
    actor.stop();
  });
});

describe('users in the topology diagram', () => {
  it('draws a user with a role as a user node, never as "Identity not found", with a hostile name escaped', async () => {
    const { topology } = await import('../../../src/diagram/index.ts');
    const w = await seeded();
    const hostile = 'Eve"]; click A href "javascript:alert(1)" %%<b>';
    await w.do({ type: 'user.create', userPrincipalName: 'eve@contoso.onmicrosoft.com', displayName: hostile });
    await w.do({ type: 'roleAssignment.create', scope: vm('vm-dana'), role: 'Virtual Machine Contributor', assignee: 'eve@contoso.onmicrosoft.com' });
    const text = topology(w.world, { theme: 'light', focus: 'all' }).text;
    expect(text).not.toContain('Identity not found');
    expect(text).toContain('Virtual Machine Contributor');
    expect(text).not.toContain('"]; click');
    expect(text).not.toContain('%%');
    expect(text).toContain('<b>Eve#34;#93;#59; click'); // the name, every significant character coded
    expect(text).not.toMatch(/^\s*click\b/m); // no click directive of its own
  });
});

describe('authorization, whatever roles a user holds', () => {
  it('a refused action leaves the very same world; an allowed one is what the admin would get too', async () => {
    const { default: fc } = await import('fast-check');
    const roles = Object.keys(EXPECTED);
    const scopes = [`/resourceGroups/${RG}`, vm('vm-dana'), uami('id-admin'), kv('kv-app')];
    const base = await seeded();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ role: fc.constantFrom(...roles), scope: fc.constantFrom(...scopes) }), { maxLength: 3 }),
        fc.constantFrom(...PROBES, { name: 'attach', action: { type: 'identity.user.assign', resourceId: vm('vm-dana'), identityId: uami('id-admin') } as Action }),
        async (grants, probe) => {
          const w = new World1();
          w.world = base.world;
          for (const g of grants) await w.try({ type: 'roleAssignment.create', scope: g.scope, role: g.role, assignee: DANA });
          await w.actAs(DANA);
          const before = w.world;
          const step = await apply(before, probe.action);
          if (!step.outcome.ok) {
            expect(step.world).toBe(before);
            expect(['AuthorizationFailed', 'LinkedAuthorizationFailed']).toContain(step.outcome.error?.code);
          } else {
            const asAdmin = await apply({ ...before, actingAs: undefined } as World, probe.action);
            expect(asAdmin.outcome.ok).toBe(true);
            expect(asAdmin.outcome.summary).toBe(step.outcome.summary);
          }
        },
      ),
      { numRuns: 60, seed: 14 },
    );
  });
});
