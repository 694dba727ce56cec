// Scale sets, Service Bus namespaces, users of the tenant and Microsoft Graph permissions from the
// console: each command mapped onto the panels' actions, and the command behind each of those clicks.
import { describe, expect, it } from 'vitest';
import { commandBehind, toAz } from '../../../src/console/toAz.ts';
import { complete } from '../../../src/console/complete.ts';
import { MICROSOFT_GRAPH, actingUser, getResource, type SourceResource } from '../../../src/sim/index.ts';
import { consoleWithGroup, session } from './host.ts';

async function world() {
  const w = await consoleWithGroup({ strict: true });
  return { ...w, domain: w.host.world().tenant.defaultDomain };
}

describe('az vmss', () => {
  it('create with --assign-identity [system] and a user-assigned one, show, list, identity assign|remove|show, delete', async () => {
    const { json, run, host } = await world();
    const u = await json('az identity create -g rg-demo -n id-1');
    const created = await json('az vmss create -g rg-demo -n ss-1 --image Ubuntu2204 --instance-count 2 --assign-identity [system] id-1');
    expect(created.vmss.type).toBe('Microsoft.Compute/virtualMachineScaleSets');
    expect(created.vmss.identity.type).toBe('SystemAssigned, UserAssigned');
    expect(Object.keys(created.vmss.identity.userAssignedIdentities)).toEqual([u.id]);
    expect(host.actions.at(-1)).toMatchObject({ type: 'resource.create', kind: 'vmss', identity: { systemAssigned: true, userAssigned: [u.id] } });
    expect((await json('az vmss show -g rg-demo -n ss-1')).name).toBe('ss-1');
    expect((await run('az vmss list -g rg-demo -o table')).stdout).toMatch(/^Name\s+ResourceGroup\s+Location\n-+\s+-+\s+-+\nss-1\s+rg-demo\s+westeurope\n$/);
    const removed = await json('az vmss identity remove -g rg-demo -n ss-1 --identities [system]');
    expect(removed.type).toBe('UserAssigned');
    const assigned = await json('az vmss identity assign -g rg-demo -n ss-1 --role Reader --scope /subscriptions/' + host.world().subscriptions[Object.keys(host.world().subscriptions)[0]!]!.subscriptionId + '/resourceGroups/rg-demo');
    expect(assigned).toMatchObject({ role: 'Reader', systemAssignedIdentity: expect.any(String) });
    expect(host.actions.at(-1)).toMatchObject({ type: 'roleAssignment.create', role: 'Reader' });
    expect((await json('az vmss identity show -g rg-demo -n ss-1')).type).toBe('SystemAssigned, UserAssigned');
    // --role without --scope: az's usage error (vm/_validators.py), nothing sent.
    expect((await run('az vmss identity assign -g rg-demo -n ss-1 --role Reader')).stderr).toBe('ERROR: usage error: please specify both --role and --scope when assigning a role to the managed identity\n');
    await json('az vmss delete -g rg-demo -n ss-1');
    expect((await run('az vmss show -g rg-demo -n ss-1')).exitCode).toBe(3);
  });

  it('prints each scale set click as the az command that does it', async () => {
    const { json, host } = await world();
    await json('az vmss create -g rg-demo -n ss-1 --image Ubuntu2204');
    const w = host.world();
    const ss = Object.values(w.resources).find((r) => r.kind === 'vmss')!;
    expect(toAz(w, { type: 'identity.system.enable', resourceId: ss.id })).toBe('az vmss identity assign -g rg-demo -n ss-1');
    expect(toAz(w, { type: 'identity.system.disable', resourceId: ss.id })).toBe('az vmss identity remove -g rg-demo -n ss-1');
    expect(toAz(w, { type: 'resource.delete', id: ss.id })).toBe('az vmss delete -g rg-demo -n ss-1');
    expect(toAz(w, { type: 'resource.create', kind: 'vmss', resourceGroup: 'rg-demo', name: 'ss-2', identity: { systemAssigned: true } })).toBe('az vmss create -g rg-demo -n ss-2 --image Ubuntu2204 --assign-identity [system]');
  });

  it('run-command invoke on a scale set asks IMDS as the token panel does, and a token click prints that command', async () => {
    const { json, host } = await world();
    await json('az vmss create -g rg-demo -n ss-1 --assign-identity');
    const url = 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://management.azure.com/';
    const out = await json(`az vmss run-command invoke -g rg-demo -n ss-1 --command-id RunShellScript --instance-id 0 --scripts "curl -s -H Metadata:true '${url}'"`);
    expect(out.value[0].message).toContain('"access_token":"eyJ');
    const last = host.actions.at(-1)!;
    expect(last).toMatchObject({ type: 'token.request', request: { url } });
    const printed = toAz(host.world(), last)!;
    expect(printed.startsWith('az vmss run-command invoke -g rg-demo -n ss-1 --command-id RunShellScript --instance-id 0 --scripts ')).toBe(true);
    // ...and the printed command runs back through the console to the same request.
    expect((await json(printed)).value[0].message).toContain('"access_token":"eyJ');
    expect(host.actions.at(-1)).toEqual(last);
  });

  it('completes vmss commands and scale set names', async () => {
    const { json, host } = await world();
    await json('az vmss create -g rg-demo -n ss-1');
    expect(complete(host.world(), 'az vmss identity a').candidates).toEqual(['assign']);
    expect(complete(host.world(), 'az vmss show -g rg-demo -n ').candidates).toEqual(['ss-1']);
  });
});

describe('az servicebus', () => {
  it('namespace create, show, delete; a queue line right after the create is made in the same step', async () => {
    const { json, run, host } = await world();
    const ns = await json('az servicebus namespace create -g rg-demo -n sb-demo-1 --sku Standard');
    expect(ns).toMatchObject({ name: 'sb-demo-1', type: 'Microsoft.ServiceBus/namespaces', serviceBusEndpoint: 'https://sb-demo-1.servicebus.windows.net:443/' });
    expect((await json('az servicebus namespace show -g rg-demo -n sb-demo-1')).status).toBe('Active');
    // Alone, a queue create has no action to map to: a clear message that says what to do.
    const alone = await run('az servicebus queue create -g rg-demo --namespace-name sb-demo-1 -n orders');
    expect(alone.exitCode).toBe(2);
    expect(alone.stderr).toContain("ERROR: The sandbox does not model adding a queue to an existing namespace ('sb-demo-1').");
    expect(alone.stderr).toContain('on the lines right after `az servicebus namespace create` in the same paste');
    await json('az servicebus namespace delete -g rg-demo -n sb-demo-1');
    const before = host.actions.length;
    const both = await run('az servicebus namespace create -g rg-demo -n sb-demo-1\naz servicebus queue create -g rg-demo --namespace-name sb-demo-1 -n orders\naz servicebus queue create -g rg-demo --namespace-name sb-demo-1 -n audit');
    expect(both.stderr).toBe('');
    expect(host.actions.slice(before)).toEqual([{ type: 'resource.create', kind: 'serviceBusNamespace', resourceGroup: 'rg-demo', name: 'sb-demo-1', queues: ['orders', 'audit'] }]);
    const r = Object.values(host.world().resources).find((x) => x.kind === 'serviceBusNamespace');
    expect(r?.kind === 'serviceBusNamespace' && Object.keys(r.queues)).toEqual(['orders', 'audit']);
    expect(both.stdout).toContain('"type": "Microsoft.ServiceBus/Namespaces/Queues"');
  });

  it('prints a namespace made with queues as the namespace create and one queue create per queue', async () => {
    const { host } = await world();
    const w = host.world();
    expect(toAz(w, { type: 'resource.create', kind: 'serviceBusNamespace', resourceGroup: 'rg-demo', name: 'sb-1', queues: ['orders', 'audit'] })).toBe(
      'az servicebus namespace create -g rg-demo -n sb-1\naz servicebus queue create -g rg-demo --namespace-name sb-1 -n orders\naz servicebus queue create -g rg-demo --namespace-name sb-1 -n audit',
    );
  });
});

describe('users of the tenant', () => {
  it('az ad user create (password ignored), az login --username acts as them, role assignments by sign-in name', async () => {
    const { json, run, host, domain } = await world();
    const upn = `ana@${domain}`;
    const u = await json(`az ad user create --display-name "Ana Lopez" --user-principal-name ${upn} --password 'Secret-1'`);
    expect(u).toMatchObject({ displayName: 'Ana Lopez', userPrincipalName: upn, id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(host.actions.at(-1)).toEqual({ type: 'user.create', userPrincipalName: upn, displayName: 'Ana Lopez' });
    // --assignee takes a user's sign-in name; the assignment lists with it as principalName.
    const a = await json(`az role assignment create --assignee ${upn} --role Reader --scope /subscriptions/${host.world().subscriptions[Object.keys(host.world().subscriptions)[0]!]!.subscriptionId}/resourceGroups/rg-demo`);
    expect(a).toMatchObject({ principalId: u.id, principalType: 'User' });
    const listed = await json(`az role assignment list --assignee ${upn} --all`);
    expect(listed.map((x: { principalName: string }) => x.principalName)).toEqual([upn]);
    // ...and the object id with --assignee-principal-type User.
    await json(`az role assignment create --assignee-object-id ${u.id} --assignee-principal-type User --role Reader --scope /subscriptions/${host.world().subscriptions[Object.keys(host.world().subscriptions)[0]!]!.subscriptionId}`);
    const login = await run(`az login --username ${upn} --password x`);
    expect(login.stderr).toBe('WARNING: The sandbox ignores --password: it asks no password.\n');
    expect(JSON.parse(login.stdout)[0].user).toEqual({ name: upn, type: 'user' });
    expect(actingUser(host.world()).userPrincipalName).toBe(upn);
    expect((await json('az account show')).user.name).toBe(upn);
    // As Ana (Reader), creating a group is refused by the control plane, as az prints it.
    const refused = await run('az group create -n rg-ana -l westeurope');
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('AuthorizationFailed');
    await json('az login');
    expect(actingUser(host.world()).userPrincipalName).toBe(`admin@${domain}`);
    expect((await run('az login --username nobody@' + domain)).stderr).toContain("Resource 'nobody@");
    expect((await run('az login --identity')).stderr).toContain('has no managed identity');
  });

  it('prints user clicks as az ad user create and az login, with the sandbox comments', async () => {
    const { json, host, domain } = await world();
    const upn = `ana@${domain}`;
    const w0 = host.world();
    expect(toAz(w0, { type: 'user.create', userPrincipalName: upn, displayName: 'Ana Lopez' })).toBe(`az ad user create --display-name "Ana Lopez" --user-principal-name ${upn} --password "<password>"  # sandbox: the password is ignored`);
    await json(`az ad user create --display-name Ana --user-principal-name ${upn} --password p`);
    const w = host.world();
    expect(toAz(w, { type: 'user.actAs', user: upn })).toBe(`az login --username ${upn}  # sandbox: asks no password (az prompts for one)`);
    const ana = w.users![Object.keys(w.users!)[0]!]!;
    expect(toAz(w, { type: 'roleAssignment.create', assignee: upn, role: 'Reader', scope: '/resourceGroups/rg-demo' })).toMatch(new RegExp(`^az role assignment create --assignee-object-id ${ana.id} --assignee-principal-type User --role Reader --scope /subscriptions/[0-9a-f-]+/resourceGroups/rg-demo$`));
    expect(complete(w, 'az login --username ').candidates).toContain(upn);
    expect(complete(w, 'az role assignment create --assignee ').candidates).toContain(upn);
  });
});

describe('hostile names', () => {
  it('a display name full of shell and HTML runs back through the printed command unchanged, expanding nothing', async () => {
    const { host, domain } = await world();
    const displayName = `$(az group delete -n rg-demo --yes) \`x\` "q" 'a' <img src=x onerror=alert(1)> \\ $HOME #`;
    const action = { type: 'user.create' as const, userPrincipalName: `o'neil@${domain}`, displayName };
    const printed = toAz(host.world(), action)!;
    const fresh = session();
    await fresh.console.run('az group create -n rg-demo -l westeurope');
    const r = await fresh.console.run(printed);
    expect(r.stderr).toBe('');
    expect(fresh.host.actions.at(-1)).toEqual(action);
    expect(fresh.host.world().resourceGroups).toEqual(host.world().resourceGroups);
  });
});

describe('Microsoft Graph permissions', () => {
  it('a Graph app role granted to a managed identity shows as az rest POST .../appRoleAssignments, and that command grants it', async () => {
    const { json, run, host } = await world();
    await json('az vm create -g rg-demo -n vm-1 --assign-identity');
    const vm = Object.values(host.world().resources).find((r) => r.kind === 'vm') as SourceResource;
    const principalId = vm.identity.systemAssigned!.principalId;
    const role = MICROSOFT_GRAPH.appRoles.find((r) => r.value === 'User.Read.All')!;
    const line = commandBehind(host.world(), { type: 'appRole.assign', app: MICROSOFT_GRAPH.displayName, role: 'User.Read.All', assignee: principalId });
    expect(line).toBe(`az rest --method POST --url https://graph.microsoft.com/v1.0/servicePrincipals/${principalId}/appRoleAssignments --body '${JSON.stringify({ principalId, resourceId: MICROSOFT_GRAPH.servicePrincipalId, appRoleId: role.id })}'`);
    const r = await run(line);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ principalId, resourceId: MICROSOFT_GRAPH.servicePrincipalId, appRoleId: role.id, resourceDisplayName: 'Microsoft Graph' });
    expect(host.actions.at(-1)).toMatchObject({ type: 'appRole.assign', role: role.id, assignee: principalId });
    expect(getResource(host.world(), vm.id)).toBeTruthy();
    const a = Object.values(host.world().appRoleAssignments)[0]!;
    expect(commandBehind(host.world(), { type: 'appRole.unassign', app: MICROSOFT_GRAPH.displayName, role: 'User.Read.All', assignee: principalId })).toBe(`az rest --method DELETE --url https://graph.microsoft.com/v1.0/servicePrincipals/${principalId}/appRoleAssignments/${a.id}`);
  });
});
