// Service Bus, https://<namespace>.servicebus.windows.net (docs/azure-behaviour.md §4 "Service Bus"):
// send a message to a queue and receive one (receive-and-delete) over REST with an Entra token for
// https://servicebus.azure.net. Data access is Azure RBAC with the Service Bus data roles; every
// refusal, missing token or missing role alike, is a 401 with an XML <Error><Code>401</Code><Detail>.
import { own } from '../../table.ts';
import type { Draft } from '../../draft.ts';
import { xmlResponse, textResponse, type HttpRequest, type HttpResponse } from '../../http.ts';
import type { Hop } from '../../outcome.ts';
import { checkAccess } from '../../rbac.ts';
import type { ServiceBusNamespace, World } from '../../world.ts';
import { callBase, callerOf, inspect, principalNote, rejection, type TargetAnswer } from './common.ts';
import { request, resourcesOf, sameAudience, type Field, type TargetService } from './service.ts';

export const SERVICE_BUS_AUDIENCE = 'https://servicebus.azure.net';
const NAMESPACE_HOST = /^([a-z0-9-]+)\.servicebus\.windows\.net$/;
const SEND = 'Microsoft.ServiceBus/namespaces/messages/send/action';
const RECEIVE = 'Microsoft.ServiceBus/namespaces/messages/receive/action';

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function sbError(d: Draft, status: number, detail: string, tracker: string): HttpResponse {
  const stamp = new Date(d.world.now * 1000).toISOString().slice(0, 19);
  const body = `<Error><Code>${status}</Code><Detail>${escapeXml(detail)} TrackingId:${d.guid()}_G0, SystemTracker:${escapeXml(tracker)}, Timestamp:${stamp}</Detail></Error>`;
  return xmlResponse(status, body, { Server: 'Microsoft-HTTPAPI/2.0' });
}

export async function serviceBus(d: Draft, ns: ServiceBusNamespace, req: HttpRequest, url: URL): Promise<TargetAnswer> {
  const world = d.world;
  const hops: Hop[] = [];
  const method = req.method.toUpperCase();
  const host = `${ns.name.toLowerCase()}.servicebus.windows.net`;
  const m = /^\/(.+?)\/messages(\/head)?\/?$/i.exec(decodeURIComponent(url.pathname));
  const entity = m?.[1] ?? url.pathname.replace(/^\/+/, '');
  const tracker = `${host}:${entity}`;
  const inspection = await inspect(world, req.headers, { audiences: [SERVICE_BUS_AUDIENCE, `${SERVICE_BUS_AUDIENCE}/`] });
  const base = callBase('serviceBus', inspection, ns.id);
  if (inspection.failed) {
    const f = inspection.failed;
    const details: Partial<Record<typeof f.name, string>> = {
      present: 'MissingToken: The authorization header was not found.',
      audience: 'InvalidAudience: Invalid authorization token audience.',
      expiry: 'ExpiredToken: The token is expired.',
    };
    if (!details[f.name]) d.notes.push("Simplified: Service Bus's exact detail for this token fault is not on record; the 401 and its XML shape are Service Bus's, the words are the sandbox's.");
    return { response: sbError(d, 401, details[f.name] ?? 'InvalidToken: The token is not valid.', tracker), call: { ...base, reason: rejection(f) }, hops };
  }
  const sending = method === 'POST' && !!m && !m[2];
  const receiving = method === 'DELETE' && !!m?.[2];
  if (!sending && !receiving) {
    d.notes.push("Simplified: the sandbox's Service Bus serves POST /<queue>/messages (send) and DELETE /<queue>/messages/head (receive and delete).");
    return { response: sbError(d, 400, 'Bad Request.', tracker), call: { ...base, reason: 'The sandbox does not model this Service Bus operation.' }, hops };
  }
  const caller = callerOf(inspection.claims!);
  const operation = sending ? SEND : RECEIVE;
  const scope = `${ns.id}/queues/${entity}`;
  hops.push({ from: 'target', to: 'rbac', label: `may ${caller.oid.slice(0, 8)}… messages/${sending ? 'send' : 'receive'}?`, ok: true });
  const decision = checkAccess(world, caller.oid, operation, scope, true);
  hops.push({ from: 'rbac', to: 'target', label: decision.allowed ? `allowed by ${decision.granted!.roleName}` : 'no data role', ok: decision.allowed });
  const call = { ...base, operation, decision, reason: decision.reason + principalNote(d, caller.oid) };
  if (!decision.allowed) {
    const claim = sending ? 'Send' : 'Listen';
    return { response: sbError(d, 401, `Unauthorized access. '${claim}' claim(s) are required to perform this operation. Resource: 'sb://${host}/${entity}'.`, tracker), call, hops };
  }
  const queue = own(ns.queues, entity.toLowerCase());
  if (!queue) {
    return { response: sbError(d, 410, `The messaging entity 'sb://${host}/${entity}' could not be found.`, tracker), call: { ...call, reason: `${call.reason} But the namespace has no queue '${entity}'.` }, hops };
  }
  const put = (q: typeof queue) => {
    d.table('resources')[ns.id.toLowerCase()] = { ...ns, queues: { ...ns.queues, [entity.toLowerCase()]: q } };
    d.mark('changed', ns.id);
  };
  if (sending) {
    const message = { messageId: d.guid().replace(/-/g, ''), sequenceNumber: queue.nextSequence, body: req.body ?? '', enqueuedAt: world.now };
    put({ ...queue, messages: [...queue.messages, message], nextSequence: queue.nextSequence + 1 });
    return { response: textResponse(201, '', { Server: 'Microsoft-HTTPAPI/2.0' }), call, hops };
  }
  const [first, ...rest] = queue.messages;
  if (!first) return { response: textResponse(204, '', { Server: 'Microsoft-HTTPAPI/2.0' }), call: { ...call, reason: `${call.reason} The queue is empty.` }, hops };
  put({ ...queue, messages: rest });
  const props = { DeliveryCount: 1, EnqueuedSequenceNumber: 0, EnqueuedTimeUtc: new Date(first.enqueuedAt * 1000).toUTCString(), MessageId: first.messageId, SequenceNumber: first.sequenceNumber, State: 'Active', TimeToLive: 1209600 };
  return { response: textResponse(200, first.body, { 'Content-Type': 'text/plain; charset=utf-8', BrokerProperties: JSON.stringify(props), Server: 'Microsoft-HTTPAPI/2.0' }), call, hops };
}

const namespaceOf = (world: World, id: string) => {
  const r = own(world.resources, id.toLowerCase());
  return r?.kind === 'serviceBusNamespace' ? r : undefined;
};
const queueField: Field = {
  key: 'name',
  label: 'Queue',
  choices: (world, c) => Object.values(namespaceOf(world, c.target)?.queues ?? {}).map((q) => ({ id: q.name, label: q.name })),
  none: 'No queues: create the namespace with one',
};

export const SERVICE_BUS: TargetService = {
  words: { service: 'Service Bus', party: 'Service Bus namespace', target: 'the Service Bus namespace', picker: 'Namespace' },
  firstParty: { resources: { 'https://servicebus.azure.net': 'Azure Service Bus' } },
  named: true,
  kinds: ['serviceBusNamespace'],
  serves: (_world, url) => NAMESPACE_HOST.test(url.hostname.toLowerCase()),
  async handle(d, req, url) {
    const name = NAMESPACE_HOST.exec(url.hostname.toLowerCase())![1];
    const ns = Object.values(d.world.resources).find((r) => r.kind === 'serviceBusNamespace' && r.name.toLowerCase() === name);
    return ns?.kind === 'serviceBusNamespace' ? serviceBus(d, ns, req, url) : `getaddrinfo ENOTFOUND ${url.hostname.toLowerCase()}`;
  },
  audience: () => SERVICE_BUS_AUDIENCE,
  accepts: (_world, audience) => sameAudience(audience, SERVICE_BUS_AUDIENCE),
  host: (world, id) => namespaceOf(world, id) && `${namespaceOf(world, id)!.name.toLowerCase()}.servicebus.windows.net`,
  operations: [
    { id: 'send', label: 'Send a message to a queue', fields: [queueField, { key: 'value', label: 'Message', initial: () => 'order 1001' }] },
    { id: 'receive', label: 'Receive a message (and delete it)', fields: [queueField] },
  ],
  available: (world) => Object.values(world.resources).some((r) => r.kind === 'serviceBusNamespace'),
  targets: (world) => resourcesOf(world, 'serviceBusNamespace'),
  build(world, c) {
    const ns = namespaceOf(world, c.target);
    if (!ns || !c.name) return null;
    const base = `https://${ns.name.toLowerCase()}.servicebus.windows.net/${encodeURIComponent(c.name)}/messages`;
    if (c.op === 'receive') return request('DELETE', `${base}/head?timeout=60`);
    return request('POST', `${base}?timeout=60`, { 'Content-Type': 'text/plain; charset=utf-8' }, c.value);
  },
};
