// Logic apps and container apps from the console, and the command behind what had none before: the
// logic extension's workflow commands (azure-cli-extensions src/logic/azext_logic/custom.py), azure-cli's
// containerapp module (command_modules/containerapp/custom.py), app role assignments through az rest to
// Microsoft Graph, and the clock as a sandbox-only comment.
import { describe, expect, it } from 'vitest';
import { commandBehind, sessionScript, toAz } from '../../../src/console/toAz.ts';
import { apply, createWorld, type Action, type World } from '../../../src/sim/index.ts';
import { consoleWithGroup, session } from './host.ts';

const world = () => consoleWithGroup();

describe('az logic workflow', () => {
  it("create needs a definition with a 'definition' key; --mi-system-assigned turns the identity on", async () => {
    const { run, json, host } = await world();
    expect(await run(`az logic workflow create -g rg-demo -n wf-1 --definition '{"triggers": {}}'`)).toEqual({ stdout: '', stderr: "ERROR: --definition does not contain a 'definition' key\n", exitCode: 1 });
    const wf = await json(`az logic workflow create -g rg-demo -n wf-1 --definition '{"definition": {}}' --mi-system-assigned`);
    expect(wf.type).toBe('Microsoft.Logic/workflows');
    expect(wf.identity.type).toBe('SystemAssigned');
    expect(host.actions.at(-1)).toMatchObject({ type: 'resource.create', kind: 'logicApp', identity: { systemAssigned: true } });
    expect((await json('az logic workflow show -g rg-demo -n wf-1')).name).toBe('wf-1');
  });
  it('identity assign and remove take --name only; a Consumption logic app holds one identity', async () => {
    const { run, json } = await world();
    await json(`az logic workflow create -g rg-demo -n wf-1 --definition '{"definition": {}}'`);
    const u = await json('az identity create -g rg-demo -n id-1');
    expect((await run('az logic workflow identity assign -g rg-demo -n wf-1 --system-assigned')).stderr).toBe('ERROR: the following arguments are required: --name\n');
    const on = await json('az logic workflow identity assign -g rg-demo --name wf-1 --system-assigned');
    expect(on).toMatchObject({ type: 'SystemAssigned' });
    // The sandbox refuses a second identity on a Consumption logic app (its own wording, flagged as such).
    const both = await run(`az logic workflow identity assign -g rg-demo --name wf-1 --user-assigned ${u.id}`);
    expect(both.exitCode).toBe(1);
    expect(both.stderr).toContain('either the system-assigned identity or one user-assigned identity');
    expect(await json('az logic workflow identity remove -g rg-demo --name wf-1 --system-assigned')).toEqual({ type: null });
    const user = await json('az logic workflow identity assign -g rg-demo --name wf-1 --user-assigned id-1');
    expect(Object.keys(user.userAssignedIdentities)).toEqual([u.id]);
  });
  it('delete asks first; a workflow that is not there is a 204 (nothing printed), as ARM answers', async () => {
    const { run, json, host } = await world();
    await json(`az logic workflow create -g rg-demo -n wf-1 --definition '{"definition": {}}'`);
    host.answer = false;
    expect(await run('az logic workflow delete -g rg-demo -n wf-1')).toMatchObject({ exitCode: 1, stderr: 'ERROR: Operation cancelled.\n' });
    expect(await run('az logic workflow delete -g rg-demo -n wf-1 --yes')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(await run('az logic workflow delete -g rg-demo -n wf-1 --yes')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect((await run('az logic workflow show -g rg-demo -n wf-1')).exitCode).toBe(3);
  });
});

describe('az containerapp', () => {
  it('create needs --environment (any value: environments are not modelled)', async () => {
    const { run, json } = await world();
    expect(await run('az containerapp create -n app-1 -g rg-demo')).toEqual({ stdout: '', stderr: 'ERROR: Usage error: --environment is required if not using --yaml\n', exitCode: 1 });
    const app = await json('az containerapp create -n app-1 -g rg-demo --environment env-1 --system-assigned');
    expect(app).toMatchObject({ type: 'Microsoft.App/containerApps', identity: { type: 'SystemAssigned' } });
  });
  it("identity assign, show and remove, with custom.py's refusals in its words", async () => {
    const { run, json } = await world();
    expect(await run('az containerapp identity assign -n nope -g rg-demo --system-assigned')).toEqual({ stdout: '', stderr: "ERROR: The containerapp 'nope' does not exist\n", exitCode: 3 });
    await json('az containerapp create -n app-1 -g rg-demo --environment env-1');
    expect(await json('az containerapp identity show -n app-1 -g rg-demo')).toEqual({ type: 'None' });
    expect((await run('az containerapp identity remove -n app-1 -g rg-demo --system-assigned')).stderr).toBe('ERROR: The containerapp app-1 has no system or user assigned identities.\n');
    const u = await json('az identity create -g rg-demo -n id-1');
    const both = await json('az containerapp identity assign -n app-1 -g rg-demo --system-assigned --user-assigned id-1');
    expect(both.type).toBe('SystemAssigned,UserAssigned');
    expect((await run('az containerapp identity remove -n app-1 -g rg-demo --user-assigned id-2')).stderr).toBe("ERROR: The containerapp does not have specified user identity 'id-2' assigned, so it cannot be removed.\n");
    const left = await json('az containerapp identity remove -n app-1 -g rg-demo --user-assigned');
    expect(left.type).toBe('SystemAssigned');
    expect((await json('az containerapp identity remove -n app-1 -g rg-demo --system-assigned')).type).toBe('None');
    expect((await run('az containerapp identity remove -n app-1 -g rg-demo --system-assigned')).exitCode).toBe(1);
    expect(u.id).toMatch(/userAssignedIdentities\/id-1$/);
  });
});

describe('the command behind every click', () => {
  async function steps(seed: string, actions: Action[]) {
    let w: World = createWorld({ seed });
    const out: { action: Action; world: World }[] = [];
    for (const action of actions) {
      const next = await apply(w, action);
      expect(next.outcome.ok, `${action.type}: ${next.outcome.error?.message}`).toBe(true);
      out.push({ action, world: next.world });
      w = next.world;
    }
    return { world: w, steps: out };
  }

  it('logic apps, container apps and app role assignments round-trip through the console', async () => {
    const { world: built, steps: s } = await steps('apps', [
      { type: 'resourceGroup.create', name: 'rg-demo', location: 'westeurope' },
      { type: 'resource.create', kind: 'userAssignedIdentity', resourceGroup: 'rg-demo', name: 'id-1' },
      { type: 'resource.create', kind: 'logicApp', resourceGroup: 'rg-demo', name: 'wf-1', identity: { systemAssigned: true } },
      { type: 'identity.system.disable', resourceId: '/resourceGroups/rg-demo/providers/Microsoft.Logic/workflows/wf-1' },
      { type: 'identity.user.assign', resourceId: '/resourceGroups/rg-demo/providers/Microsoft.Logic/workflows/wf-1', identityId: '/resourceGroups/rg-demo/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-1' },
      { type: 'resource.create', kind: 'containerApp', resourceGroup: 'rg-demo', name: 'app-1', location: 'northeurope' },
      { type: 'identity.system.enable', resourceId: '/resourceGroups/rg-demo/providers/Microsoft.App/containerApps/app-1' },
      { type: 'app.create', displayName: 'orders-api', appRoles: [{ value: 'Orders.Read', displayName: 'Read orders' }] },
      { type: 'appRole.assign', app: 'orders-api', role: 'Orders.Read', assignee: '/resourceGroups/rg-demo/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-1' },
      { type: 'appRole.assign', app: 'orders-api', role: 'Orders.Read', assignee: '/resourceGroups/rg-demo/providers/Microsoft.App/containerApps/app-1' },
      { type: 'appRole.unassign', app: 'orders-api', role: 'Orders.Read', assignee: '/resourceGroups/rg-demo/providers/Microsoft.App/containerApps/app-1' },
      { type: 'resource.delete', id: '/resourceGroups/rg-demo/providers/Microsoft.App/containerApps/app-1' },
    ]);
    const script = sessionScript(createWorld({ seed: 'apps' }), s);
    expect(script).not.toContain('no az command');
    expect(script).toContain('az logic workflow identity assign -g rg-demo --name wf-1 --user-assigned /subscriptions/');
    expect(script).toMatch(/az rest --method POST --url https:\/\/graph\.microsoft\.com\/v1\.0\/servicePrincipals\/[0-9a-f-]{36}\/appRoleAssignments --body '\{"principalId":/);
    expect(script).toMatch(/az rest --method DELETE --url https:\/\/graph\.microsoft\.com\/v1\.0\/servicePrincipals\/[0-9a-f-]{36}\/appRoleAssignments\/\S+/);
    const { console: c, host } = session('apps');
    const r = await c.run(script);
    expect(r.stderr).toBe('');
    expect(host.world()).toEqual(built);
  });

  it('the clock is a sandbox-only comment that says there is no az command for time', () => {
    const w = createWorld({ seed: 'x' });
    const clock: Action = { type: 'clock.advance', seconds: 7200 };
    expect(toAz(w, clock)).toBeNull();
    expect(commandBehind(w, clock)).toBe('# sandbox only: Fast-forward the clock 2 h. There is no az command for time: on Azure it simply passes.');
    expect(commandBehind(w, { type: 'settings.set', tokenCache: false })).toMatch(/^# sandbox only: .*Azure has no such switch\.$/);
  });
});
