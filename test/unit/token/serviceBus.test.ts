// Service Bus as a target: a token for https://servicebus.azure.net, the data roles Azure Service Bus
// Data Sender / Receiver / Owner at the namespace or the queue, and every refusal a 401 with Service
// Bus's XML error [§4 Service Bus, D37, D38, D39, C10, C11].
import { describe, expect, it } from 'vitest';
import { KINDS, TARGETS, validateName, NAME_RULES } from '../../../src/sim/index.ts';
import { ids, sandbox } from './helpers.ts';

const NS = `/resourceGroups/rg-demo/providers/Microsoft.ServiceBus/namespaces/sb-orders-1`;
const SEND = { method: 'POST', url: 'https://sb-orders-1.servicebus.windows.net/orders/messages?timeout=60', body: 'order 1001' };
const RECEIVE = { method: 'DELETE', url: 'https://sb-orders-1.servicebus.windows.net/orders/messages/head?timeout=60' };
const detail = (body: string) => /<Detail>([^<]*)<\/Detail>/.exec(body)?.[1] ?? '';

async function vmAndNamespace() {
  const s = await sandbox('service-bus');
  await s.do({ type: 'settings.set', propagationDelay: 0 });
  await s.create('vm', 'web-1', { identity: { systemAssigned: true } });
  await s.do({ type: 'resource.create', kind: 'serviceBusNamespace', resourceGroup: 'rg-demo', name: 'sb-orders-1', queues: ['orders'] });
  await s.imds(ids.vm('web-1'), 'api-version=2018-02-01&resource=https://servicebus.azure.net');
  return s;
}

describe('Service Bus', () => {
  it('is one kind of the registry, named by Azure\'s rule for namespaces [§1, D9]', () => {
    expect(KINDS.serviceBusNamespace.type).toBe('Microsoft.ServiceBus/namespaces');
    expect(validateName(NAME_RULES.serviceBusNamespace, 'sb-orders-1')).toBeNull();
    for (const bad of ['short', 'orders-sb', 'orders-mgmt', '1orders', 'orders-', 'a'.repeat(51)]) expect(validateName(NAME_RULES.serviceBusNamespace, bad), bad).not.toBeNull();
    expect(TARGETS.serviceBus.kinds).toEqual(['serviceBusNamespace']);
  });

  it('answers a call with no token 401 MissingToken in its XML error', async () => {
    const s = await vmAndNamespace();
    const out = await s.call(SEND, undefined, ids.vm('web-1'));
    expect(out.http!.response.status).toBe(401);
    expect(out.http!.response.body).toMatch(/^<Error><Code>401<\/Code><Detail>MissingToken: The authorization header was not found\. TrackingId:/);
  });

  it('refuses a valid token without a data role 401 "\'Send\' claim(s) are required", even for the namespace\'s Owner', async () => {
    const s = await vmAndNamespace();
    await s.grant(NS, 'Owner', ids.vm('web-1'));
    const out = await s.call(SEND, 'latest', ids.vm('web-1'));
    expect(out.http!.response.status).toBe(401);
    expect(detail(out.http!.response.body)).toMatch(/^Unauthorized access\. 'Send' claim\(s\) are required to perform this operation\. Resource: 'sb:\/\/sb-orders-1\.servicebus\.windows\.net\/orders'\./);
    expect(out.call).toMatchObject({ target: 'serviceBus', operation: 'Microsoft.ServiceBus/namespaces/messages/send/action', decision: { allowed: false } });
    const listen = await s.call(RECEIVE, 'latest', ids.vm('web-1'));
    expect(detail(listen.http!.response.body)).toMatch(/^Unauthorized access\. 'Listen' claim\(s\)/);
  });

  it('sends with Data Sender on the queue, receives only with Data Receiver, and answers 204 when the queue is empty', async () => {
    const s = await vmAndNamespace();
    await s.grant(`${NS}/queues/orders`, 'Azure Service Bus Data Sender', ids.vm('web-1'));
    const sent = await s.call(SEND, 'latest', ids.vm('web-1'));
    expect(sent.http!.response.status).toBe(201);
    expect(sent.call?.decision?.granted?.roleName).toBe('Azure Service Bus Data Sender');
    expect((await s.call(RECEIVE, 'latest', ids.vm('web-1'))).http!.response.status).toBe(401);
    await s.grant(NS, 'Azure Service Bus Data Receiver', ids.vm('web-1'));
    const got = await s.call(RECEIVE, 'latest', ids.vm('web-1'));
    expect(got.http!.response.status).toBe(200);
    expect(got.http!.response.body).toBe('order 1001');
    expect(JSON.parse(got.http!.response.headers.BrokerProperties!)).toMatchObject({ SequenceNumber: 1, DeliveryCount: 1 });
    expect((await s.call(RECEIVE, 'latest', ids.vm('web-1'))).http!.response.status).toBe(204);
  });

  it('refuses a token for another service with InvalidAudience, and a missing queue with 410', async () => {
    const s = await vmAndNamespace();
    await s.grant(NS, 'Azure Service Bus Data Owner', ids.vm('web-1'));
    const missing = await s.call({ ...SEND, url: 'https://sb-orders-1.servicebus.windows.net/invoices/messages' }, 'latest', ids.vm('web-1'));
    expect(missing.http!.response.status).toBe(410);
    await s.imds(ids.vm('web-1'), 'api-version=2018-02-01&resource=https://storage.azure.com/');
    const wrong = await s.call(SEND, 'latest', ids.vm('web-1'));
    expect(detail(wrong.http!.response.body)).toMatch(/^InvalidAudience: Invalid authorization token audience\./);
  });

  it('refuses a queue name Azure would refuse, and a second namespace of the same name', async () => {
    const s = await vmAndNamespace();
    expect((await s.try({ type: 'resource.create', kind: 'serviceBusNamespace', resourceGroup: 'rg-demo', name: 'sb-orders-2', queues: ['-bad'] })).error?.code).toBe('InvalidResourceName');
    await s.do({ type: 'resourceGroup.create', name: 'rg-other' });
    expect((await s.try({ type: 'resource.create', kind: 'serviceBusNamespace', resourceGroup: 'rg-other', name: 'sb-orders-1' })).ok).toBe(false);
  });
});
