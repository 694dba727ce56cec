// Tab completion from the command table and the world.
import { describe, expect, it } from 'vitest';
import { commonPrefix, complete } from '../../../src/console/complete.ts';
import { session } from './host.ts';

describe('Tab completion', () => {
  it('completes groups, commands, arguments and names from the world', async () => {
    const { console: c, host } = session();
    await c.run('az group create -n rg-demo -l westeurope\naz vm create -g rg-demo -n web-1 --image x\naz identity create -g rg-demo -n id-shared');
    const w = host.world();
    expect(complete(w, 'az id').candidates).toEqual(['identity']);
    expect(complete(w, 'az vm identity a').candidates).toEqual(['assign']);
    expect(complete(w, 'az vm identity assign --re').candidates).toEqual(['--resource-group']);
    expect(complete(w, 'az vm identity assign -g ').candidates).toEqual(['rg-demo']);
    expect(complete(w, 'az vm identity assign -g rg-demo -n w').candidates).toEqual(['web-1']);
    expect(complete(w, 'az vm identity assign -g rg-demo -n web-1 --identities ').candidates).toEqual(['[system]', 'id-shared']);
    expect(complete(w, 'az role assignment create --role "Key Vault Secrets U').candidates).toEqual(['"Key Vault Secrets User"']);
    expect(complete(w, 'az group list -o t').candidates).toEqual(['table', 'tsv']);
  });
  it('offers required arguments first, and nothing already given', () => {
    const { host } = session();
    const first = complete(host.world(), 'az group create -').candidates;
    expect(first.slice(0, 2)).toEqual(['--name', '--location']);
    expect(complete(host.world(), 'az group create -n x -').candidates).not.toContain('--name');
  });
  it('completes logic workflows and container apps by name, and their identity arguments', async () => {
    const { console: c, host } = session();
    await c.run(`az group create -n rg-demo -l westeurope\naz logic workflow create -g rg-demo -n wf-orders --definition '{"definition": {}}'\naz containerapp create -n app-orders -g rg-demo --environment env`);
    const w = host.world();
    expect(complete(w, 'az logic workflow identity a').candidates).toEqual(['assign']);
    expect(complete(w, 'az logic workflow identity assign -g rg-demo --name wf').candidates).toEqual(['wf-orders']);
    expect(complete(w, 'az logic workflow identity assign -g rg-demo --name wf-orders --sys').candidates).toEqual(['--system-assigned']);
    expect(complete(w, 'az containerapp identity show -g rg-demo -n app').candidates).toEqual(['app-orders']);
  });
  it('fills in what all candidates share', () => {
    expect(commonPrefix(['table', 'tsv'])).toBe('t');
    expect(commonPrefix(['assign'])).toBe('assign');
  });
});
