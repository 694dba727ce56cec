// One runner turns every action into an outcome: a refusal reads the same whichever plane refused it,
// and leaves the world as it was.
import { describe, expect, it } from 'vitest';
import { apply } from '../../../src/sim/index.ts';
import { RG, Sim, id } from '../helpers.ts';

describe('the runner', () => {
  it('words a refusal the same for the control plane and the token side, and changes nothing', async () => {
    const s = new Sim();
    s.rg();
    s.do({ type: 'resource.create', kind: 'keyVault', resourceGroup: RG, name: 'kv-run-1' });
    const before = s.world;
    const control = await apply(before, { type: 'resource.create', kind: 'vm', resourceGroup: 'rg-missing', name: 'vm-1' });
    const token = await apply(before, { type: 'token.request', from: id.kv('kv-run-1'), sdk: { scopes: ['https://vault.azure.net/.default'] } });
    expect(control.outcome).toMatchObject({ ok: false, summary: 'Refused: ResourceGroupNotFound.', created: [], changed: [] });
    expect(token.outcome).toMatchObject({ ok: false, summary: 'Refused: NotACompute.', created: [], changed: [] });
    expect(control.world).toBe(before);
    expect(token.world).toBe(before);
  });
});
