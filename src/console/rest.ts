// `az rest` against the simulated Azure Resource Manager and Microsoft Graph. Each request that changes
// something is mapped onto the same sandbox actions the panels send (so history, undo and the timeline
// follow), and refusals come back as the service's error body inside az's "<reason>(<body>)" message
// (azure-cli-core util.py send_raw_request raises a CLIError: exit code 1, whatever the status).
import { identityActions } from './identity.ts';
import { anyJson, groupJson, identityArmJson, spJson } from './shapes.ts';
import { CliError, type Context } from './spec.ts';
import { GUID_PATTERN_LOOSE } from './words.ts';
import {
  assignmentsAt,
  defaultSubscription,
  getResource,
  isSource,
  KINDS,
  FIRST_PARTY_APPS,
  type Action,
  type Outcome,
  type RoleAssignment,
  type World,
} from '../sim/index.ts';
import { statusText } from '../sim/index.ts';

export interface RestRequest {
  method: string;
  url: string;
  body?: string;
  headers: Record<string, string>;
}

const ARM = 'management.azure.com';
const GRAPH = 'graph.microsoft.com';

/** An HTTP refusal as az prints it: requests' reason phrase, then the response body in parentheses. */
function httpError(status: number, body: unknown): CliError {
  return new CliError(`${statusText(status) || String(status)}(${JSON.stringify(body)})`);
}
const armError = (status: number, code: string, message: string) => httpError(status, { error: { code, message } });

/** Graph's error body carries an innerError with the request's date and id. */
function graphError(world: World, status: number, code: string, message: string): CliError {
  const date = new Date(world.now * 1000).toISOString().replace(/\.\d{3}Z$/, '');
  let h = 0x811c9dc5;
  for (const ch of `${code}|${message}|${world.now}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  const hex = Array.from({ length: 4 }, (_, i) => (Math.imul(h, i + 7) >>> 0).toString(16).padStart(8, '0')).join('');
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  return httpError(status, { error: { code, message, innerError: { date, 'request-id': id, 'client-request-id': id } } });
}

/** A sandbox limit, said in the sandbox's own words (not a service's). */
const notModelled = (what: string) => new CliError(`The sandbox's az rest does not model ${what}.`);

/** Send one action as the panels do; a refusal becomes the service's error body. */
async function send(ctx: Context, action: Action, graph = false): Promise<Outcome> {
  const outcome = await ctx.host.act(action);
  if (!outcome.ok) {
    const e = outcome.error!;
    throw graph ? graphError(ctx.host.world(), e.status, e.code, e.message) : armError(e.status, e.code, e.message);
  }
  return outcome;
}

function parseBody(world: World, body: string | undefined, graph: boolean): Record<string, unknown> | undefined {
  if (body === undefined || body === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    // ARM's and Graph's own sentences for a body they cannot read. Simplified: the detail after them is the
    // sandbox's JSON parser's, not Newtonsoft's ("Unexpected character encountered while parsing value...").
    const detail = (e as Error).message;
    if (graph) throw graphError(world, 400, 'BadRequest', `Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format. (${detail})`);
    throw armError(400, 'InvalidRequestContent', `The request content was invalid and could not be deserialized: '${detail}'.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw graph ? graphError(world, 400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.') : armError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized: the body is not a JSON object. (Sandbox wording after the colon.)');
  }
  return value as Record<string, unknown>;
}

/** Resolve the URL as az does: no scheme means an ARM path; {subscriptionId} is filled in. */
function resolveUrl(world: World, raw: string): URL {
  let url = raw.replace(/\{subscriptionId\}/g, defaultSubscription(world).subscriptionId);
  if (!url.includes('://')) url = `https://${ARM}${url.startsWith('/') ? '' : '/'}${url}`;
  try {
    return new URL(url);
  } catch {
    throw new CliError(`Invalid URL '${raw}': No host supplied`);
  }
}

export async function rest(ctx: Context, req: RestRequest): Promise<unknown> {
  const world = ctx.host.world();
  const url = resolveUrl(world, req.url);
  const method = req.method.toUpperCase();
  if (url.host === GRAPH) return graph(ctx, method, url, req.body);
  if (url.host !== ARM) throw notModelled(`${url.host}: it answers https://${ARM} (Azure Resource Manager) and https://${GRAPH} (Microsoft Graph)`);
  if (!url.searchParams.get('api-version')) throw armError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
  const path = decodeURIComponent(url.pathname).replace(/\/+$/, '');
  const body = parseBody(world, req.body, false);
  switch (method) {
    case 'GET':
      return armGet(world, path);
    case 'PUT':
      return armPut(ctx, path, body);
    case 'PATCH':
      return armPatch(ctx, path, body);
    case 'DELETE':
      return armDelete(ctx, path);
    default:
      throw notModelled(`${method} on Azure Resource Manager (it sends GET, PUT, PATCH and DELETE)`);
  }
}

// ---------------------------------------------------------------------------------------------
// Azure Resource Manager

const RA = /^(.*)\/providers\/Microsoft\.Authorization\/roleAssignments(?:\/([^/]+))?$/i;
const RG = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)$/i;
const UAMI = /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/([^/]+)$/i;

function groupNamed(world: World, name: string) {
  return Object.values(world.resourceGroups).find((g) => g.name.toLowerCase() === name.toLowerCase());
}

function notFound(world: World, path: string): CliError {
  const rg = /\/resourceGroups\/([^/]+)/i.exec(path)?.[1];
  if (rg && !groupNamed(world, rg)) return armError(404, 'ResourceGroupNotFound', `Resource group '${rg}' could not be found.`);
  return armError(404, 'ResourceNotFound', `The Resource '${path.split('/providers/')[1] ?? path}' under resource group '${rg ?? ''}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
}

export function armAssignment(a: RoleAssignment) {
  return { id: a.id, name: a.name, properties: { principalId: a.principalId, principalType: a.principalType, roleDefinitionId: a.roleDefinitionId, scope: a.scope, createdOn: new Date(a.createdOn * 1000).toISOString() }, type: 'Microsoft.Authorization/roleAssignments' };
}

function findAssignment(world: World, scope: string, name: string): RoleAssignment | undefined {
  return Object.values(world.roleAssignments).find((a) => a.name.toLowerCase() === name.toLowerCase() && a.scope.toLowerCase() === scope.toLowerCase());
}

function armGet(world: World, path: string): unknown {
  const ra = RA.exec(path);
  if (ra) {
    if (!ra[2]) return { value: assignmentsAt(world, ra[1]!).map((x) => armAssignment(x.assignment)) };
    const a = findAssignment(world, ra[1]!, ra[2]);
    if (!a) throw armError(404, 'RoleAssignmentNotFound', `The role assignment '${ra[2]}' is not found. (Sandbox wording.)`);
    return armAssignment(a);
  }
  if (/^\/subscriptions\/[^/]+$/i.test(path)) {
    const s = world.subscriptions[path.split('/')[2]!.toLowerCase()];
    if (s) return { authorizationSource: 'RoleBased', displayName: s.displayName, id: s.id, managedByTenants: [], state: 'Enabled', subscriptionId: s.subscriptionId, subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' }, tenantId: world.tenant.id };
  }
  const r = getResource(world, path);
  if (r?.kind === 'userAssignedIdentity') return identityArmJson(r);
  const found = anyJson(world, path);
  if (found) return found;
  throw notFound(world, path);
}

async function armPut(ctx: Context, path: string, body: Record<string, unknown> | undefined): Promise<unknown> {
  const world = ctx.host.world();
  const location = typeof body?.location === 'string' ? body.location : undefined;
  const rg = RG.exec(path);
  if (rg) {
    if (!location) throw armError(400, 'LocationRequired', 'The location property is required for this definition.');
    // PUT is create-or-update: on a group that exists the sim refuses another location and changes nothing otherwise.
    await send(ctx, { type: 'resourceGroup.create', name: rg[2]!, location });
    return groupJson(groupNamed(ctx.host.world(), rg[2]!)!);
  }
  const uami = UAMI.exec(path);
  if (uami) {
    if (!groupNamed(world, uami[1]!)) throw notFound(world, path);
    const existing = getResource(world, path);
    if (existing?.kind === 'userAssignedIdentity') return identityArmJson(existing);
    if (!location) throw armError(400, 'LocationRequired', 'The location property is required for this definition.');
    const outcome = await send(ctx, { type: 'resource.create', kind: 'userAssignedIdentity', resourceGroup: uami[1]!, name: uami[2]!, location });
    const created = getResource(ctx.host.world(), outcome.created[0] ?? path);
    return created?.kind === 'userAssignedIdentity' ? identityArmJson(created) : undefined;
  }
  const ra = RA.exec(path);
  if (ra?.[2]) return putAssignment(ctx, ra[1]!, ra[2], body);
  if (getResource(world, path)) throw notModelled(`PUT of a whole ${KINDS[getResource(world, path)!.kind].noun}: change its identity with PATCH and an "identity" object, or use its az command`);
  throw notModelled('creating this kind of resource with PUT (it creates resource groups, user-assigned identities and role assignments); use the az command for it');
}

async function putAssignment(ctx: Context, scope: string, name: string, body: Record<string, unknown> | undefined): Promise<unknown> {
  if (!GUID_PATTERN_LOOSE.test(name)) throw armError(400, 'InvalidRoleAssignmentId', `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`);
  const props = (body?.properties ?? {}) as Record<string, unknown>;
  // Simplified: ARM's message names the path and position of the missing property in the JSON text.
  for (const p of ['roleDefinitionId', 'principalId'] as const) {
    if (typeof props[p] !== 'string') throw armError(400, 'InvalidRequestContent', `The content of your request was not valid, and the original object could not be deserialized. Exception message: 'Required property '${p}' not found in JSON. Path 'properties'.'`);
  }
  const principalId = props.principalId as string;
  if (!GUID_PATTERN_LOOSE.test(principalId)) throw armError(400, 'InvalidPrincipalId', `The Principal ID '${principalId}' is not valid. Principal ID must be a GUID.`);
  if (typeof props.scope === 'string' && props.scope.toLowerCase() !== scope.toLowerCase()) {
    throw armError(400, 'InvalidCreateRoleAssignmentRequest', `The request to create role assignment '${name}' is not valid. Role assignment scope '${props.scope}' must match the scope specified on the URI '${scope}'.`);
  }
  await send(ctx, { type: 'roleAssignment.create', scope, role: props.roleDefinitionId as string, assignee: principalId, name });
  const a = findAssignment(ctx.host.world(), scope, name);
  return a ? armAssignment(a) : undefined;
}

const IDENTITY_TYPES = ['none', 'systemassigned', 'userassigned', 'systemassigned,userassigned'];

/** PATCH of a resource's `identity` object, turned into the identity actions that reach the same state. */
async function armPatch(ctx: Context, path: string, body: Record<string, unknown> | undefined): Promise<unknown> {
  const world = ctx.host.world();
  const r = getResource(world, path);
  if (!r) throw notFound(world, path);
  const extra = Object.keys(body ?? {}).filter((k) => k !== 'identity');
  if (extra.length) throw notModelled(`PATCH of ${extra.map((k) => `"${k}"`).join(', ')}: it changes a resource's "identity" object only`);
  if (!body?.identity) return anyJson(world, r.id);
  if (!isSource(r)) throw armError(400, 'InvalidRequestContent', `A ${KINDS[r.kind].noun} has no managed identity. (Sandbox wording.)`);
  const identity = body.identity as { type?: unknown; userAssignedIdentities?: unknown };
  const type = typeof identity.type === 'string' ? identity.type.replace(/\s+/g, '').toLowerCase() : undefined;
  // Simplified wording: each provider words a bad identity type its own way.
  if (!type || !IDENTITY_TYPES.includes(type)) throw armError(400, 'InvalidIdentityType', `The identity type '${String(identity.type ?? '')}' is not valid. Use one of: None, SystemAssigned, UserAssigned, 'SystemAssigned, UserAssigned'. (Sandbox wording.)`);
  const uais = (identity.userAssignedIdentities ?? {}) as Record<string, unknown>;
  if (typeof uais !== 'object' || Array.isArray(uais)) throw armError(400, 'InvalidRequestContent', 'userAssignedIdentities is an object keyed by identity resource id. (Sandbox wording.)');
  const wantsUsers = type.includes('userassigned');
  if (wantsUsers && !Object.keys(uais).length && !r.identity.userAssigned.length) {
    throw armError(400, 'BadRequest', "The identity type 'UserAssigned' needs at least one entry in userAssignedIdentities. (Sandbox wording.)");
  }
  if (!wantsUsers && Object.values(uais).some((v) => v !== null)) {
    throw armError(400, 'BadRequest', `userAssignedIdentities is given but the identity type '${String(identity.type)}' does not include UserAssigned. (Sandbox wording.)`);
  }
  // A PATCH merges: entries with {} are added, entries with null are removed, the rest are kept.
  const target = new Map(wantsUsers ? r.identity.userAssigned.map((u) => [u.id.toLowerCase(), u.id]) : []);
  for (const [id, v] of Object.entries(uais)) {
    if (v === null) target.delete(id.toLowerCase());
    else target.set(id.toLowerCase(), id);
  }
  const actions = identityActions(r, type.includes('systemassigned'), [...target.values()]);
  for (const action of actions) await send(ctx, action);
  return anyJson(ctx.host.world(), r.id);
}

async function armDelete(ctx: Context, path: string): Promise<unknown> {
  const world = ctx.host.world();
  const ra = RA.exec(path);
  if (ra?.[2]) {
    const a = findAssignment(world, ra[1]!, ra[2]);
    if (!a) return undefined; // 204 No Content: already gone
    await send(ctx, { type: 'roleAssignment.delete', id: a.id });
    return armAssignment(a);
  }
  const rg = RG.exec(path);
  if (rg) {
    const g = groupNamed(world, rg[2]!);
    if (!g) throw armError(404, 'ResourceGroupNotFound', `Resource group '${rg[2]}' could not be found.`);
    await send(ctx, { type: 'resourceGroup.delete', name: g.name });
    return undefined; // 202 Accepted, no body
  }
  const group = /\/resourceGroups\/([^/]+)/i.exec(path)?.[1];
  if (group && !groupNamed(world, group)) throw notFound(world, path);
  const r = getResource(world, path);
  if (!r) return undefined; // ARM answers 204 for a resource that is not there
  await send(ctx, { type: 'resource.delete', id: r.id });
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Microsoft Graph: app role assignments, the way a managed identity is given an API's app role

const ASSIGNMENTS = /^\/v1\.0\/servicePrincipals\/([^/]+)\/(appRoleAssignments|appRoleAssignedTo)(?:\/([^/]+))?$/i;

function graphAssignmentJson(world: World, id: string) {
  const a = world.appRoleAssignments[id];
  if (!a) return undefined;
  const resource = world.servicePrincipals[a.resourceId];
  return {
    id: a.id,
    appRoleId: a.appRoleId,
    createdDateTime: new Date(a.createdDateTime * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    deletedDateTime: null,
    principalDisplayName: a.principalDisplayName,
    principalId: a.principalId,
    principalType: 'ServicePrincipal',
    resourceDisplayName: resource?.displayName ?? FIRST_PARTY_APPS.find((x) => x.servicePrincipalId === a.resourceId)?.displayName ?? null,
    resourceId: a.resourceId,
  };
}

async function graph(ctx: Context, method: string, url: URL, rawBody: string | undefined): Promise<unknown> {
  const world = ctx.host.world();
  const path = decodeURIComponent(url.pathname).replace(/\/+$/, '');
  const sp = /^\/v1\.0\/servicePrincipals\/([^/]+)$/i.exec(path);
  if (sp && method === 'GET') {
    const found = world.servicePrincipals[sp[1]!.toLowerCase()];
    if (!found) throw graphError(world, 404, 'Request_ResourceNotFound', `Resource '${sp[1]}' does not exist or one of its queried reference-property objects are not present.`);
    return { '@odata.context': `https://${GRAPH}/v1.0/$metadata#servicePrincipals/$entity`, ...spJson(world, found) };
  }
  const m = ASSIGNMENTS.exec(path);
  if (!m) throw notModelled(`${path} on Microsoft Graph (it models GET of /v1.0/servicePrincipals/{id}, and POST, GET and DELETE of its /appRoleAssignments and /appRoleAssignedTo)`);
  const spId = m[1]!.toLowerCase();
  const assignedTo = m[2]!.toLowerCase() === 'approleassignedto';
  const missing = (id: string) => graphError(world, 404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
  if (!world.servicePrincipals[spId]) throw missing(m[1]!);
  const mine = (a: { principalId: string; resourceId: string }) => (assignedTo ? a.resourceId === spId : a.principalId === spId);
  if (method === 'GET') {
    if (m[3]) {
      const a = world.appRoleAssignments[m[3]];
      if (!a || !mine(a)) throw missing(m[3]);
      return { '@odata.context': `https://${GRAPH}/v1.0/$metadata#servicePrincipals('${spId}')/${m[2]}/$entity`, ...graphAssignmentJson(world, a.id) };
    }
    return { '@odata.context': `https://${GRAPH}/v1.0/$metadata#servicePrincipals('${spId}')/${m[2]}`, value: Object.values(world.appRoleAssignments).filter(mine).map((a) => graphAssignmentJson(world, a.id)) };
  }
  if (method === 'DELETE') {
    const a = m[3] ? world.appRoleAssignments[m[3]] : undefined;
    if (!a || !mine(a)) throw missing(m[3] ?? spId);
    const app = [...Object.values(world.applications), ...FIRST_PARTY_APPS].find((x) => x.servicePrincipalId === a.resourceId);
    if (!app) throw missing(a.resourceId);
    await send(ctx, { type: 'appRole.unassign', app: app.appId, role: a.appRoleId, assignee: a.principalId }, true);
    return undefined; // 204 No Content
  }
  if (method !== 'POST' || m[3]) throw notModelled(`${method} ${path} on Microsoft Graph`);
  const body = parseBody(world, rawBody, true) ?? {};
  for (const p of ['principalId', 'resourceId', 'appRoleId'] as const) {
    // Simplified wording: Graph names the missing property in its own sentence.
    if (typeof body[p] !== 'string') throw graphError(world, 400, 'Request_BadRequest', `The appRoleAssignment needs '${p}'. (Sandbox wording.)`);
  }
  const principalId = (body.principalId as string).toLowerCase();
  const resourceId = (body.resourceId as string).toLowerCase();
  // POST .../{client}/appRoleAssignments names the principal in the path, .../{api}/appRoleAssignedTo the API.
  if ((assignedTo ? resourceId : principalId) !== spId) {
    throw graphError(world, 400, 'Request_BadRequest', `The ${assignedTo ? 'resourceId' : 'principalId'} in the body must be the service principal in the URL ('${spId}'). (Sandbox wording.)`);
  }
  // Microsoft Graph is no app registration of the tenant, but its app roles are granted the same way.
  const app = [...Object.values(world.applications), ...FIRST_PARTY_APPS].find((x) => x.servicePrincipalId === resourceId);
  if (!app) throw missing(body.resourceId as string);
  const before = new Set(Object.keys(world.appRoleAssignments));
  await send(ctx, { type: 'appRole.assign', app: app.appId, role: body.appRoleId as string, assignee: principalId }, true);
  const after = ctx.host.world();
  const created = Object.keys(after.appRoleAssignments).find((id) => !before.has(id));
  return created ? { '@odata.context': `https://${GRAPH}/v1.0/$metadata#servicePrincipals('${spId}')/${m[2]}/$entity`, ...graphAssignmentJson(after, created) } : undefined;
}
