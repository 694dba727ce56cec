// ARM writes on resource groups and the subscription (fact sheet §4 "Azure Resource Manager"): create,
// update or delete a resource group, and set the tags of the subscription. The authorization check is
// the one every ARM call passes (arm.ts); what happens after it runs through the same control-plane
// actions as the portal, so a group deleted through ARM takes its resources and identities with it.
import { key } from '../../arm.ts';
import { applyControl } from '../../control.ts';
import { resourceGroupLocationConflict } from '../../control/resources.ts';
import type { Draft } from '../../draft.ts';
import { jsonResponse, textResponse, type HttpRequest, type HttpResponse } from '../../http.ts';
import type { Hop } from '../../outcome.ts';
import type { TargetAnswer } from './common.ts';

const GROUP = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)$/i;
const SUBSCRIPTION_TAGS = /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.Resources\/tags\/default$/i;

/** The operation a write on a group or the subscription needs; null when the path is neither. */
export function scopeWriteOperation(method: string, path: string): { operation: string; scope: string; kind: 'resourceGroupWrite' | 'subscriptionTags' } | null {
  const verb = method === 'PUT' || method === 'PATCH' ? 'write' : method === 'DELETE' ? 'delete' : null;
  if (!verb) return null;
  if (GROUP.test(path)) return { operation: `Microsoft.Resources/subscriptions/resourceGroups/${verb}`, scope: path, kind: 'resourceGroupWrite' };
  const tags = SUBSCRIPTION_TAGS.exec(path);
  if (tags) return { operation: `Microsoft.Resources/tags/${verb}`, scope: `/subscriptions/${tags[1]}`, kind: 'subscriptionTags' };
  return null;
}

function groupJson(d: Draft, id: string, tags?: Record<string, string>) {
  const rg = d.world.resourceGroups[key(id)]!;
  return { id: rg.id, name: rg.name, type: 'Microsoft.Resources/resourceGroups', location: rg.location, ...(tags ? { tags } : {}), properties: { provisioningState: 'Succeeded' } };
}

function bodyOf(request: HttpRequest): { location?: unknown; tags?: unknown; properties?: { tags?: unknown } } | null {
  if (!request.body) return {};
  try {
    const parsed: unknown = JSON.parse(request.body);
    return typeof parsed === 'object' && parsed !== null ? (parsed as ReturnType<typeof bodyOf>) : null;
  } catch {
    return null;
  }
}

const isTags = (t: unknown): t is Record<string, string> => typeof t === 'object' && t !== null && !Array.isArray(t) && Object.values(t).every((v) => typeof v === 'string');

export function scopeWrite(
  d: Draft,
  request: HttpRequest,
  method: string,
  path: string,
  kind: 'resourceGroupWrite' | 'subscriptionTags',
  call: TargetAnswer['call'],
  hops: Hop[],
  armError: (status: number, code: string, message: string) => HttpResponse,
): TargetAnswer {
  const body = bodyOf(request);
  const invalid = (): TargetAnswer => ({ response: armError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized.'), call: { ...call, reason: `${call.reason} The body is not valid JSON.` }, hops });
  if (body === null) return invalid();

  if (kind === 'subscriptionTags') {
    const tags = body.properties?.tags;
    if (method !== 'DELETE' && !isTags(tags)) return invalid();
    d.notes.push('Simplified: the sandbox keeps no tags on the subscription; the answer echoes what was sent.');
    if (method === 'DELETE') return { response: textResponse(200), call, hops };
    return { response: jsonResponse(200, { id: `${call.resourceId}/providers/Microsoft.Resources/tags/default`, name: 'default', type: 'Microsoft.Resources/tags', properties: { tags } }), call, hops };
  }

  const [, subscriptionId, name] = GROUP.exec(path)!;
  const existing = d.world.resourceGroups[key(path)];
  const run = (action: Parameters<typeof applyControl>[1]): HttpResponse | null => {
    const step = applyControl(d.world, action);
    if (!step.outcome.ok) {
      const e = step.outcome.error!;
      return armError(e.status, e.code, e.message);
    }
    Object.assign(d.world, step.world);
    for (const id of step.outcome.created) d.mark('created', id);
    for (const id of step.outcome.deleted) d.mark('deleted', id);
    for (const id of step.outcome.orphaned) d.mark('orphaned', id);
    for (const id of step.outcome.changed) d.mark('changed', id);
    d.notes.push(...step.outcome.notes);
    return null;
  };

  if (method === 'DELETE') {
    if (!existing) return { response: textResponse(204), call, hops };
    const refused = run({ type: 'resourceGroup.delete', name: existing.name, subscriptionId: subscriptionId! });
    if (refused) return { response: refused, call, hops };
    // ARM deletes a group asynchronously: 202 and a Location to poll.
    return { response: textResponse(202, '', { Location: `https://management.azure.com/subscriptions/${subscriptionId}/operationresults/${d.guid()}?api-version=2021-04-01`, 'Retry-After': '15' }), call, hops };
  }
  const tags = body.tags;
  if (tags !== undefined && !isTags(tags)) return invalid();
  if (tags !== undefined) d.notes.push('Simplified: the sandbox keeps no tags on resource groups; the answer echoes them.');
  if (method === 'PATCH') {
    if (!existing) return { response: armError(404, 'ResourceGroupNotFound', `Resource group '${name}' could not be found.`), call, hops };
    return { response: jsonResponse(200, groupJson(d, path, tags as Record<string, string> | undefined)), call, hops };
  }
  // PUT: create, or update a group that exists (its location cannot change).
  if (typeof body.location !== 'string' || !body.location) {
    return { response: armError(400, 'LocationRequired', 'The location property is required for this definition.'), call: { ...call, reason: `${call.reason} The body has no location.` }, hops };
  }
  if (existing) {
    const conflict = resourceGroupLocationConflict(existing.location, body.location);
    if (conflict) return { response: armError(conflict.status, conflict.code, conflict.message), call, hops };
    return { response: jsonResponse(200, groupJson(d, path, tags as Record<string, string> | undefined)), call, hops };
  }
  const refused = run({ type: 'resourceGroup.create', name: name!, location: body.location, subscriptionId: subscriptionId! });
  if (refused) return { response: refused, call, hops };
  const created = Object.values(d.world.resourceGroups).find((g) => g.name.toLowerCase() === name!.toLowerCase() && g.subscriptionId === subscriptionId)!;
  return { response: jsonResponse(201, groupJson(d, created.id, tags as Record<string, string> | undefined)), call, hops };
}
