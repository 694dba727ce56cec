// Azure Resource Manager, https://management.azure.com (fact sheet §4 "Azure Resource Manager"): read
// and tag resources, and create, read or delete role assignments. Control-plane actions, so Owner and
// Contributor count here; Contributor's notActions forbid role assignments.
import { own } from '../../table.ts';
import { KINDS, expandId, key } from '../../arm.ts';
import { applyControl, resolveAssignee } from '../../control.ts';
import type { Draft } from '../../draft.ts';
import { jsonResponse, textResponse, type HttpRequest, type HttpResponse } from '../../http.ts';
import type { Hop } from '../../outcome.ts';
import { armIdentity, displayName, holdingsOf, isSource } from '../../query.ts';
import { BUILT_IN_ROLES, roleDefinitionId } from '../../roles.ts';
import { checkAccess } from '../../rbac.ts';
import type { Resource, RoleAssignment, World } from '../../world.ts';
import { scopeWrite, scopeWriteOperation } from './armScopes.ts';
import { callBase, callerOf, dotnetUtc, inspect, principalNote, rejection, type TargetAnswer } from './common.ts';
import { request, sameAudience, type Field, type TargetService } from './service.ts';

const AUDIENCES = ['https://management.core.windows.net/', 'https://management.core.windows.net', 'https://management.azure.com/', 'https://management.azure.com'];
const ROLE_ASSIGNMENT = /^(.*)\/providers\/Microsoft\.Authorization\/roleAssignments\/([^/]+)$/i;

function armError(d: Draft, status: number, code: string, message: string, extra: Record<string, string> = {}): HttpResponse {
  const id = d.guid();
  return jsonResponse(status, { error: { code, message } }, { ...extra, 'x-ms-request-id': id, 'x-ms-correlation-request-id': id, ...(status === 401 || status === 403 ? { 'x-ms-failure-cause': 'gateway' } : {}) });
}

/** A resource as ARM returns it (a compact subset of each provider's properties). */
function resourceJson(r: Resource, tenantId: string) {
  const holdings = holdingsOf(r);
  const properties: Record<string, unknown> =
    // A vault also says its tenant and permission model.
    r.kind === 'keyVault'
      ? { ...KINDS.keyVault.data.endpoint.arm(r.vaultUri), tenantId, enableRbacAuthorization: r.enableRbacAuthorization }
      : holdings
        ? holdings.spec.endpoint.arm(holdings.endpoint)
        : r.kind === 'userAssignedIdentity'
          ? { tenantId: r.tenantId, principalId: r.principalId, clientId: r.clientId }
          : {};
  return {
    id: r.id,
    name: r.name,
    type: r.type,
    location: r.location,
    tags: r.tags ?? {},
    ...(isSource(r) ? { identity: armIdentity(r) } : {}),
    properties,
  };
}

function roleAssignmentJson(a: RoleAssignment) {
  return {
    properties: {
      roleDefinitionId: a.roleDefinitionId,
      principalId: a.principalId,
      principalType: a.principalType,
      scope: a.scope,
      condition: null,
      conditionVersion: null,
      createdOn: new Date(a.createdOn * 1000).toISOString(),
      updatedOn: new Date(a.createdOn * 1000).toISOString(),
      delegatedManagedIdentityResourceId: null,
      description: null,
    },
    id: a.id,
    type: 'Microsoft.Authorization/roleAssignments',
    name: a.name,
  };
}

/**
 * The sandbox's reference forms in an ARM request, resolved as a person copying ids from the portal
 * would: a path starting at /resourceGroups/ gets the default subscription, and a role assignment's
 * principalId may name a resource whose identity it means. The exchange then shows the real request.
 */
export function resolveArmReferences(world: World, request: HttpRequest, notes: string[]): HttpRequest {
  let out = request;
  const url = new URL(request.url);
  if (/^\/resourceGroups\//i.test(url.pathname)) {
    out = { ...out, url: `${url.origin}${expandId(world, url.pathname)}${url.search}` };
    notes.push('The sandbox put the subscription id in front of the /resourceGroups/... path.');
  }
  if (ROLE_ASSIGNMENT.test(url.pathname) && out.body) {
    try {
      const body = JSON.parse(out.body) as { properties?: { principalId?: unknown } };
      const ref = body.properties?.principalId;
      if (typeof ref === 'string' && ref.startsWith('/')) {
        const { principalId, known } = resolveAssignee(world, ref);
        if (known) {
          out = { ...out, body: JSON.stringify({ ...body, properties: { ...body.properties, principalId } }) };
          notes.push(`The sandbox put in the principal id of ${ref} as properties.principalId.`);
        }
      }
    } catch {
      // Not JSON: ARM answers it as such below.
    }
  }
  return out;
}

/** The operation a request needs, from its method and path. */
function operationOf(d: Draft, method: string, path: string): { operation: string; scope: string; kind: 'roleAssignment' | 'resource' | 'resourceGroup' | 'subscription' | 'resourceGroupWrite' | 'subscriptionTags' } | null {
  const write = scopeWriteOperation(method, path);
  if (write) return write;
  const ra = ROLE_ASSIGNMENT.exec(path);
  if (ra) {
    const verb = method === 'PUT' ? 'write' : method === 'DELETE' ? 'delete' : method === 'GET' ? 'read' : null;
    return verb ? { operation: `Microsoft.Authorization/roleAssignments/${verb}`, scope: ra[1]!, kind: 'roleAssignment' } : null;
  }
  if (/^\/subscriptions\/[^/]+$/i.test(path)) return method === 'GET' ? { operation: 'Microsoft.Resources/subscriptions/read', scope: path, kind: 'subscription' } : null;
  if (/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+$/i.test(path)) {
    return method === 'GET' ? { operation: 'Microsoft.Resources/subscriptions/resourceGroups/read', scope: path, kind: 'resourceGroup' } : null;
  }
  const m = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/(.+)$/i.exec(path);
  if (!m) return null;
  const r = own(d.world.resources, key(path));
  // The resource type: every other segment after the namespace (Microsoft.Web/sites/slots for a slot).
  const segments = m[1]!.split('/');
  const type = r?.type ?? [segments[0], ...segments.slice(1).filter((_, i) => i % 2 === 0)].join('/');
  const verb = method === 'GET' ? 'read' : method === 'PUT' || method === 'PATCH' ? 'write' : null;
  return verb ? { operation: `${type}/${verb}`, scope: path, kind: 'resource' } : null;
}

export async function arm(d: Draft, request: HttpRequest, url: URL): Promise<TargetAnswer> {
  const world = d.world;
  const hops: Hop[] = [];
  const method = request.method.toUpperCase();
  const inspection = await inspect(world, request.headers, { audiences: AUDIENCES });
  const base = callBase('arm', inspection);
  const authority = `https://login.windows.net/${world.tenant.id}`;
  const unauthorized = (code: string, message: string, description = message) =>
    armError(d, 401, code, message, { 'WWW-Authenticate': `Bearer authorization_uri="${authority}", error="invalid_token", error_description="${description}"` });

  if (inspection.failed) {
    const f = inspection.failed;
    const c = inspection.claims ?? {};
    let response: HttpResponse;
    switch (f.name) {
      case 'present':
        response = unauthorized('AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.", "The authentication failed because of missing 'Authorization' header.");
        break;
      case 'audience':
        response = unauthorized('InvalidAuthenticationTokenAudience', `The access token has been obtained for wrong audience or resource '${String(c.aud ?? '')}'. It should exactly match with one of the allowed audiences ${AUDIENCES.map((a) => `'${a}'`).join(',')}.`);
        break;
      case 'expiry':
        response = unauthorized('ExpiredAuthenticationToken', `The access token expiry UTC time '${dotnetUtc(Number(c.exp))}' is earlier than current UTC time '${dotnetUtc(world.now)}'.`);
        break;
      case 'issuer':
        response = unauthorized(
          'InvalidAuthenticationTokenTenant',
          `The access token is from the wrong issuer '${String(c.iss ?? '')}'. It must match the tenant 'https://sts.windows.net/${world.tenant.id}/' associated with this subscription. Please use the authority (URL) '${authority}' to get the token. Note, if the subscription is transferred to another tenant there is no impact to the services, but information about new tenant could take time to propagate (up to an hour). If you just transferred your subscription and see this error message, please try back later.`,
        );
        break;
      default:
        d.notes.push('Simplified: ARM answers a token it cannot validate with InvalidAuthenticationToken; its exact message for this fault is not on record.');
        response = unauthorized('InvalidAuthenticationToken', f.name === 'notBefore' ? 'The access token is not yet valid.' : 'The access token is invalid.');
    }
    return { response, call: { ...base, reason: rejection(f) }, hops };
  }

  if (!url.searchParams.get('api-version')) {
    return { response: armError(d, 400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.'), call: { ...base, reason: 'The request has no api-version.' }, hops };
  }
  const path = expandId(world, decodeURIComponent(url.pathname)).replace(/\/+$/, '');
  const op = operationOf(d, method, path);
  if (!op) {
    d.notes.push('Simplified: the sandbox\'s ARM serves GET of subscriptions, resource groups and resources, PUT/PATCH/DELETE of resource groups, the subscription\'s tags, PUT/PATCH of a resource\'s tags, and PUT/GET/DELETE of role assignments.');
    return { response: armError(d, 405, 'MethodNotAllowed', `The sandbox does not model ${method} ${path}.`), call: { ...base, reason: 'The sandbox does not model this ARM operation.' }, hops };
  }
  const caller = callerOf(inspection.claims!);
  hops.push({ from: 'target', to: 'rbac', label: `may ${caller.oid.slice(0, 8)}… ${op.operation}?`, ok: true });
  const decision = checkAccess(world, caller.oid, op.operation, op.scope, false);
  hops.push({ from: 'rbac', to: 'target', label: decision.allowed ? `allowed by ${decision.granted!.roleName}` : 'denied', ok: decision.allowed });
  const call = { ...base, resourceId: op.scope, operation: op.operation, decision, reason: decision.reason + principalNote(d, caller.oid) };
  if (!decision.allowed) {
    return {
      response: armError(d, 403, 'AuthorizationFailed', `The client '${caller.appid}' with object id '${caller.oid}' does not have authorization to perform action '${op.operation}' over scope '${path}' or the scope is invalid. If access was recently granted, please refresh your credentials.`),
      call,
      hops,
    };
  }

  if (op.kind === 'roleAssignment') return roleAssignment(d, request, method, path, call, hops);
  if (op.kind === 'resourceGroupWrite' || op.kind === 'subscriptionTags') return scopeWrite(d, request, method, path, op.kind, call, hops, (status, code, message) => armError(d, status, code, message));
  if (op.kind === 'subscription') {
    const sub = own(world.subscriptions, path.split('/')[2]!.toLowerCase());
    if (!sub) return { response: armError(d, 404, 'SubscriptionNotFound', `The subscription '${path.split('/')[2]}' could not be found.`), call, hops };
    return { response: jsonResponse(200, { id: sub.id, subscriptionId: sub.subscriptionId, tenantId: world.tenant.id, displayName: sub.displayName, state: 'Enabled' }), call, hops };
  }
  if (op.kind === 'resourceGroup') {
    const rg = own(world.resourceGroups, key(path));
    if (!rg) return { response: armError(d, 404, 'ResourceGroupNotFound', `Resource group '${path.split('/').pop()}' could not be found.`), call, hops };
    return { response: jsonResponse(200, { id: rg.id, name: rg.name, type: 'Microsoft.Resources/resourceGroups', location: rg.location, properties: { provisioningState: 'Succeeded' } }), call, hops };
  }
  const r = own(world.resources, key(path));
  if (!r) {
    const rg = /\/resourceGroups\/([^/]+)/i.exec(path)?.[1];
    const provider = /\/providers\/(.+)$/i.exec(path)?.[1];
    return { response: armError(d, 404, 'ResourceNotFound', `The Resource '${provider}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`), call, hops };
  }
  if (method === 'GET') return { response: jsonResponse(200, resourceJson(r, world.tenant.id)), call, hops };
  // A write: the sandbox applies the tags of the body.
  let tags: unknown;
  try {
    tags = (JSON.parse(request.body ?? '{}') as { tags?: unknown }).tags;
  } catch {
    return { response: armError(d, 400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized.'), call, hops };
  }
  if (tags !== undefined && (typeof tags !== 'object' || tags === null || Object.values(tags).some((v) => typeof v !== 'string'))) {
    return { response: armError(d, 400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized.'), call, hops };
  }
  d.notes.push(`Simplified: a write through the sandbox's ARM changes only the tags of the ${KINDS[r.kind].noun}.`);
  const next = { ...r, tags: (tags as Record<string, string> | undefined) ?? r.tags ?? {} } as Resource;
  d.table('resources')[key(r.id)] = next;
  d.mark('changed', r.id);
  return { response: jsonResponse(200, resourceJson(next, world.tenant.id)), call, hops };
}

/** Role assignments through ARM: the same rules as the portal's, run by the control plane. */
function roleAssignment(d: Draft, request: HttpRequest, method: string, path: string, call: TargetAnswer['call'], hops: Hop[]): TargetAnswer {
  const [, scope, name] = ROLE_ASSIGNMENT.exec(path)!;
  const existing = own(d.world.roleAssignments, name!.toLowerCase());
  if (method === 'GET') {
    if (!existing || key(existing.scope) !== key(scope!)) return { response: armError(d, 404, 'RoleAssignmentNotFound', `The role assignment '${name}' is not found.`), call, hops };
    return { response: jsonResponse(200, roleAssignmentJson(existing)), call, hops };
  }
  let action: Parameters<typeof applyControl>[1];
  if (method === 'DELETE') {
    if (!existing) return { response: textResponse(204), call, hops };
    action = { type: 'roleAssignment.delete', id: existing.id };
  } else {
    let props: { roleDefinitionId?: unknown; principalId?: unknown } | undefined;
    try {
      props = (JSON.parse(request.body ?? '') as { properties?: typeof props }).properties;
    } catch {
      props = undefined;
    }
    if (typeof props?.roleDefinitionId !== 'string' || typeof props.principalId !== 'string') {
      return { response: armError(d, 400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized.'), call: { ...call, reason: 'The body needs properties.roleDefinitionId and properties.principalId.' }, hops };
    }
    action = { type: 'roleAssignment.create', scope: scope!, role: props.roleDefinitionId, assignee: props.principalId, name: name! };
  }
  const step = applyControl(d.world, action);
  if (!step.outcome.ok) {
    const e = step.outcome.error!;
    return { response: armError(d, e.status, e.code, e.message), call: { ...call, reason: `${call.reason} The role assignment itself was refused: ${e.code}.` }, hops };
  }
  Object.assign(d.world, step.world);
  for (const id of step.outcome.created) d.mark('created', id);
  for (const id of step.outcome.deleted) d.mark('deleted', id);
  d.notes.push(...step.outcome.notes);
  if (method === 'DELETE') return { response: jsonResponse(200, roleAssignmentJson(existing!)), call, hops };
  const created = own(d.world.roleAssignments, name!.toLowerCase())!;
  return { response: jsonResponse(201, roleAssignmentJson(created)), call, hops };
}

/** api-version values current for each provider; ARM refuses a request without one. */
const API_VERSIONS: Record<string, string> = {
  'microsoft.compute': '2024-07-01',
  'microsoft.web': '2023-12-01',
  'microsoft.logic': '2019-05-01',
  'microsoft.app': '2024-03-01',
  'microsoft.keyvault': '2023-07-01',
  'microsoft.storage': '2023-05-01',
  'microsoft.managedidentity': '2023-01-31',
  'microsoft.servicebus': '2021-11-01',
  'microsoft.sql': '2023-08-01',
};

function armApiVersion(id: string): string {
  const provider = /\/providers\/([^/]+)\//i.exec(id)?.[1]?.toLowerCase();
  if (provider) return own(API_VERSIONS, provider) ?? '2021-04-01';
  return /\/resourceGroups\//i.test(id) ? '2021-04-01' : '2022-12-01';
}

const ARM = 'https://management.azure.com';
const tagName: Field = { key: 'name', label: 'Tag name', initial: () => 'env' };

export const ARM_SERVICE: TargetService = {
  words: { service: 'Azure Resource Manager', party: 'Azure Resource Manager', target: 'Azure Resource Manager', picker: (op) => (op === 'grant' ? 'Scope' : 'Resource') },
  firstParty: { resources: { 'https://management.azure.com/': 'Azure Resource Manager', 'https://management.core.windows.net/': 'Azure Resource Manager (classic id)' } },
  named: false,
  kinds: [],
  serves: (_world, url) => url.hostname.toLowerCase() === 'management.azure.com',
  handle: (d, request, url) => arm(d, request, url),
  audience: () => 'https://management.azure.com/',
  accepts: (_world, audience) => AUDIENCES.some((a) => sameAudience(a, audience)),
  operations: [
    { id: 'read', label: 'Read a resource', fields: [] },
    { id: 'tag', label: 'Write a tag on a resource', fields: [tagName, { key: 'value', label: 'Tag value' }] },
    {
      id: 'grant',
      label: 'Create a role assignment',
      fields: [
        { key: 'role', label: 'Role', choices: () => BUILT_IN_ROLES.map((r) => ({ id: r.roleName, label: r.roleName })), initial: () => 'Key Vault Secrets User' },
        { key: 'principalId', label: 'Principal', choices: (world) => Object.values(world.servicePrincipals).map((p) => ({ id: p.id, label: p.displayName })), none: 'No principals yet' },
      ],
    },
  ],
  available: () => true,
  targets(world, op) {
    const resources = Object.values(world.resources).map((r) => ({ id: r.id, label: `${displayName(r)} (${r.type.split('/').pop()})` }));
    if (op === 'tag') return resources;
    const sub = Object.values(world.subscriptions)[0]!;
    const groups = Object.values(world.resourceGroups).map((g) => ({ id: g.id, label: `${g.name} (resource group)` }));
    return [{ id: sub.id, label: `${sub.displayName} (subscription)` }, ...groups, ...resources];
  },
  build(world, c) {
    if (!c.target) return null;
    if (c.op === 'grant') {
      const role = BUILT_IN_ROLES.find((x) => x.roleName === c.role);
      const sub = Object.values(world.subscriptions)[0]!;
      if (!role || !c.principalId) return null;
      const body = { properties: { roleDefinitionId: roleDefinitionId(sub.subscriptionId, role), principalId: c.principalId, principalType: 'ServicePrincipal' } };
      return request('PUT', `${ARM}${c.target}/providers/Microsoft.Authorization/roleAssignments/${c.assignmentName}?api-version=2022-04-01`, { 'Content-Type': 'application/json' }, JSON.stringify(body, null, 2));
    }
    const url = `${ARM}${c.target}?api-version=${armApiVersion(c.target)}`;
    if (c.op === 'tag') {
      const r = own(world.resources, c.target.toLowerCase());
      if (!r || !c.name) return null;
      return request('PATCH', url, { 'Content-Type': 'application/json' }, JSON.stringify({ tags: { ...r.tags, [c.name]: c.value } }));
    }
    return request('GET', url);
  },
};
