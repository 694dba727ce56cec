// Virtual machine scale sets: one entry of the kinds registry, and the lifecycle and IMDS rules of
// docs/azure-behaviour.md follow from it [§1 Scale sets].
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { armIdentity, getResource, type SourceResource } from '../../../src/sim/index.ts';
import { RG, id } from '../helpers.ts';
import { TokenSim } from '../token/helpers.ts';

const vmss = (name: string) => `/resourceGroups/${RG}/providers/Microsoft.Compute/virtualMachineScaleSets/${name}`;

async function setup() {
  const s = new TokenSim('vmss');
  await s.rg();
  await s.create('userAssignedIdentity', 'id-workers');
  await s.do({ type: 'resource.create', kind: 'vmss', resourceGroup: RG, name: 'workers', identity: { systemAssigned: true, userAssigned: [id.uami('id-workers')] } });
  return s;
}

describe('virtual machine scale sets', () => {
  it("hold both identities, spelled as Compute spells them: 'SystemAssigned, UserAssigned' [§1 Scale sets, D29]", async () => {
    const s = await setup();
    const r = getResource(s.world, vmss('workers')) as SourceResource;
    expect(r.type).toBe('Microsoft.Compute/virtualMachineScaleSets');
    const json = armIdentity(r);
    expect(json.type).toBe('SystemAssigned, UserAssigned');
    expect(json.principalId).toBe(r.identity.systemAssigned!.principalId);
    expect(Object.keys(json.userAssignedIdentities as object)).toEqual([getResource(s.world, id.uami('id-workers'))!.id]);
    expect(s.world.servicePrincipals[r.identity.systemAssigned!.principalId]!.displayName).toBe('workers');
  });

  it('code on an instance gets a token from the same IMDS a VM uses, for the scale set\'s identity [§1 Scale sets, D15]', async () => {
    const s = await setup();
    const r = getResource(s.world, vmss('workers')) as SourceResource;
    const out = await s.imds(vmss('workers'), 'api-version=2018-02-01&resource=https://vault.azure.net');
    expect(out.http!.response!.status).toBe(200);
    const jwt = s.world.tokens[out.token!.uti]!.jwt;
    const claims = decodeJwt(jwt);
    expect(claims.oid).toBe(r.identity.systemAssigned!.principalId);
    expect(String(claims.xms_mirid)).toMatch(/\/Microsoft\.Compute\/virtualMachineScaleSets\/workers$/i);
    expect(out.notes.join(' ')).toMatch(/Every instance of a scale set/);
    // The user-assigned identity, chosen by client id, answers too.
    const uami = getResource(s.world, id.uami('id-workers'));
    const byClient = await s.imds(vmss('workers'), `api-version=2018-02-01&resource=https://vault.azure.net&client_id=${(uami as { clientId: string }).clientId}`);
    expect(decodeJwt(s.world.tokens[byClient.token!.uti]!.jwt).oid).toBe((uami as { principalId: string }).principalId);
  });

  it('deleting the scale set deletes its system-assigned identity and leaves the user-assigned one [§1 Scale sets, D1]', async () => {
    const s = await setup();
    const r = getResource(s.world, vmss('workers')) as SourceResource;
    const sami = r.identity.systemAssigned!.principalId;
    const uami = getResource(s.world, id.uami('id-workers')) as { principalId: string };
    const out = await s.do({ type: 'resource.delete', id: vmss('workers') });
    expect(out.deleted).toContain(sami);
    expect(s.world.servicePrincipals[sami]).toBeUndefined();
    expect(s.world.deletedPrincipals[sami]?.kind).toBe('systemAssigned');
    expect(s.world.servicePrincipals[uami.principalId]).toBeDefined();
    expect(getResource(s.world, id.uami('id-workers'))).toBeDefined();
  });

  it('a name that breaks the naming rule is refused in ARM\'s words, with the rule stated [§1 Scale sets, D9]', async () => {
    const s = await setup();
    for (const name of ['_workers', 'workers.', 'a'.repeat(65), 'work ers', 'w@rkers']) {
      const out = await s.try({ type: 'resource.create', kind: 'vmss', resourceGroup: RG, name });
      expect(out.ok, name).toBe(false);
      expect(out.error!.code).toBe('InvalidResourceName');
    }
    expect((await s.try({ type: 'resource.create', kind: 'vmss', resourceGroup: RG, name: 'web.tier-1' })).ok).toBe(true);
  });
});
