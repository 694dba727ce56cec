// Microsoft Graph, https://graph.microsoft.com (docs/azure-behaviour.md §4 "Microsoft Graph"). Graph does
// not use Azure RBAC: an app-only caller (a managed identity) needs application permissions, app roles
// of the Microsoft Graph service principal assigned to its own service principal, which Entra puts in
// the token's `roles` claim. A managed identity has no app registration, so the portal cannot grant them:
// people assign them with Microsoft Graph PowerShell or `az rest` (appRole.assign in the sandbox).
import type { Draft } from '../../draft.ts';
import { jsonResponse, type HttpRequest, type HttpResponse } from '../../http.ts';
import type { AppRole, Application, World } from '../../world.ts';
import { callBase, callerOf, inspect, principalNote, rejection, type TargetAnswer } from './common.ts';
import { request, sameAudience, type TargetService } from './service.ts';

export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
/** Microsoft Graph's application id, the same in every tenant. */
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

const role = (id: string, value: string, displayName: string, description: string): AppRole => ({ id, value, displayName, description, allowedMemberTypes: ['Application'], isEnabled: true });

/**
 * Microsoft Graph's first-party application as the tenant sees it: its service principal and a few of its
 * application permissions (ids from the Graph permissions reference). Simplified: the service
 * principal's object id differs in every real tenant; the sandbox gives it one fixed id.
 */
export const MICROSOFT_GRAPH: Application = {
  appId: GRAPH_APP_ID,
  id: GRAPH_APP_ID,
  displayName: 'Microsoft Graph',
  identifierUris: [GRAPH_AUDIENCE],
  appRoles: [
    role('df021288-bdef-4463-88db-98f22de89214', 'User.Read.All', "Read all users' full profiles", 'Allows the app to read user profiles without a signed in user.'),
    role('5b567255-7703-4780-807c-7be8301ae99b', 'Group.Read.All', 'Read all groups', 'Allows the app to read group properties and memberships without a signed-in user.'),
    role('9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30', 'Application.Read.All', 'Read all applications', 'Allows the app to read all applications and service principals without a signed-in user.'),
    role('7ab1d382-f21e-4acd-a863-ba3e13f7da61', 'Directory.Read.All', 'Read directory data', "Allows the app to read data in your organization's directory, such as users, groups and apps, without a signed-in user."),
  ],
  passwordCredentials: [],
  servicePrincipalId: '4b1f5c0e-9d3a-4c6e-8f21-6a0d7b2e9c41',
  createdAt: 0,
};

interface GraphOperation {
  id: string;
  label: string;
  path: string;
  /** The application permissions that allow it, least privileged first (Graph's reference for the API). */
  roles: string[];
  list: (world: World) => unknown[];
}

/** Simplified: the sandbox's directory holds one user account, its administrator. */
const adminUser = (world: World) => ({
  id: world.tenant.id.replace(/^.{8}/, '5e0ad111'),
  displayName: 'Sandbox Admin',
  userPrincipalName: `admin@${world.tenant.defaultDomain}`,
  mail: null,
});

const OPERATIONS: GraphOperation[] = [
  { id: 'users', label: 'List users (GET /v1.0/users)', path: '/v1.0/users', roles: ['User.Read.All', 'Directory.Read.All'], list: (world) => [adminUser(world)] },
  {
    id: 'servicePrincipals',
    label: 'List service principals (GET /v1.0/servicePrincipals)',
    path: '/v1.0/servicePrincipals',
    roles: ['Application.Read.All', 'Directory.Read.All'],
    list: (world) => Object.values(world.servicePrincipals).map((sp) => ({ id: sp.id, appId: sp.appId, displayName: sp.displayName, servicePrincipalType: sp.servicePrincipalType })),
  },
];

function graphError(d: Draft, status: number, code: string, message: string, extra: Record<string, string> = {}): HttpResponse {
  const id = d.guid();
  const date = new Date(d.world.now * 1000).toISOString().slice(0, 19);
  return jsonResponse(status, { error: { code, message, innerError: { date, 'request-id': id, 'client-request-id': id } } }, { 'request-id': id, 'client-request-id': id, ...extra });
}

export async function graph(d: Draft, req: HttpRequest, url: URL): Promise<TargetAnswer> {
  const inspection = await inspect(d.world, req.headers, { audiences: [GRAPH_AUDIENCE, `${GRAPH_AUDIENCE}/`, GRAPH_APP_ID] });
  const base = callBase('graph', inspection);
  if (inspection.failed) {
    const f = inspection.failed;
    const messages: Partial<Record<typeof f.name, string>> = {
      present: 'Access token is empty.',
      audience: 'Access token validation failure. Invalid audience.',
      expiry: 'Lifetime validation failed, the token is expired.',
    };
    if (!messages[f.name]) d.notes.push("Simplified: Graph's exact message for this token fault is not on record; the code is Graph's, the message is its generic one.");
    return { response: graphError(d, 401, 'InvalidAuthenticationToken', messages[f.name] ?? 'Access token validation failure.'), call: { ...base, reason: rejection(f) }, hops: [] };
  }
  const caller = callerOf(inspection.claims!);
  const op = req.method.toUpperCase() === 'GET' ? OPERATIONS.find((o) => url.pathname.replace(/\/+$/, '').toLowerCase() === o.path.toLowerCase()) : undefined;
  if (!op) {
    d.notes.push('Simplified: the sandbox\'s Microsoft Graph serves GET /v1.0/users and GET /v1.0/servicePrincipals.');
    return { response: graphError(d, 400, 'BadRequest', `Resource not found for the segment '${url.pathname.split('/').filter(Boolean).pop() ?? ''}'.`), call: { ...base, reason: 'The sandbox does not model this Microsoft Graph request.' }, hops: [] };
  }
  const held = op.roles.filter((r) => caller.roles.includes(r));
  const allowed = held.length > 0;
  const check = {
    name: 'role' as const,
    ok: allowed,
    detail: allowed
      ? `The roles claim includes '${held[0]}'.`
      : `This request needs one of the application permissions ${op.roles.map((r) => `'${r}'`).join(' or ')}; the token's roles claim ${caller.roles.length ? `has only ${caller.roles.map((r) => `'${r}'`).join(', ')}` : 'is absent'}. Permissions granted after the token was issued appear only in a new token.`,
  };
  const grant = {
    model: 'application permissions (app roles)',
    allowed,
    holds: allowed ? `roles claim has ${held[0]}` : `roles claim lacks ${op.roles[0]}`,
    reason: allowed
      ? `The token carries the application permission '${held[0]}' in its roles claim. Azure role assignments play no part in Microsoft Graph.`
      : `Microsoft Graph looks for an application permission such as '${op.roles[0]}' in the token's roles claim and finds none. Azure role assignments (Owner, Reader, …) do not count here: the identity needs an app role of Microsoft Graph.`,
  };
  const call = { ...base, checks: [...base.checks, check], operation: op.roles[0]!, grant, reason: grant.reason + principalNote(d, caller.oid) };
  if (!allowed) return { response: graphError(d, 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'), call, hops: [] };
  const value = op.list(d.world);
  const id = d.guid();
  return { response: jsonResponse(200, { '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#${op.id}`, value }, { 'request-id': id, 'client-request-id': id }), call, hops: [] };
}

export const GRAPH_SERVICE: TargetService = {
  words: { service: 'Microsoft Graph', party: 'Microsoft Graph', target: 'Microsoft Graph', picker: 'Endpoint' },
  firstParty: { resources: { [GRAPH_AUDIENCE]: 'Microsoft Graph' }, app: MICROSOFT_GRAPH },
  named: false,
  kinds: [],
  serves: (_world, url) => url.hostname.toLowerCase() === 'graph.microsoft.com',
  handle: (d, req, url) => graph(d, req, url),
  audience: () => GRAPH_AUDIENCE,
  accepts: (_world, audience) => sameAudience(audience, GRAPH_AUDIENCE),
  operations: [
    { id: 'users', label: OPERATIONS[0]!.label, fields: [] },
    { id: 'servicePrincipals', label: OPERATIONS[1]!.label, fields: [] },
  ],
  available: () => true,
  targets: () => [{ id: GRAPH_AUDIENCE, label: 'graph.microsoft.com (v1.0)' }],
  build: (_world, c) => {
    const op = OPERATIONS.find((o) => o.id === c.op);
    return op ? request('GET', `${GRAPH_AUDIENCE}${op.path}`) : null;
  },
};
