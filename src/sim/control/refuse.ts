// Look-ups that refuse in Azure's words: a handler asks for what it needs, and gets it or a 4xx.
import { KINDS } from '../kinds.ts';
import { expandId, key, resourceGroupId } from '../arm.ts';
import { hiddenCharacterNote, validateName, type NameRule } from '../names.ts';
import { AzureFailure, fail } from '../outcome.ts';
import { own } from '../table.ts';
import { displayName, getResource, isSource } from '../query.ts';
import { defaultSubscription, type Resource, type SourceResource, type World } from '../world.ts';

export function requireName(rule: NameRule, name: string): void {
  const error = validateName(rule, name);
  if (!error) return;
  const hidden = hiddenCharacterNote(name);
  throw new AzureFailure(error, [`Naming rule: ${rule.summary}`, ...(hidden ? [hidden] : [])]);
}

export function subscriptionFor(world: World, subscriptionId?: string) {
  if (!subscriptionId) return defaultSubscription(world);
  const sub = own(world.subscriptions, subscriptionId.toLowerCase());
  if (!sub) fail(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`);
  return sub;
}

export function requireResourceGroup(world: World, subscriptionId: string, name: string) {
  const rg = own(world.resourceGroups, key(resourceGroupId(subscriptionId, name)));
  if (!rg) fail(404, 'ResourceGroupNotFound', `Resource group '${name}' could not be found.`);
  return rg;
}

/** ARM's 404 for a resource id that names nothing, worded from the id itself. */
export function notFound(id: string): never {
  const rg = /\/resourcegroups\/([^/]+)/i.exec(id)?.[1];
  const provider = /\/providers\/(.+)$/i.exec(id)?.[1];
  if (!rg || !provider) fail(400, 'LinkedInvalidPropertyId', `Property id '${id}' at path '' is invalid. Expect fully qualified resource Id that start with '/subscriptions/{subscriptionId}' or '/providers/{resourceProviderNamespace}/'.`);
  fail(404, 'ResourceNotFound', `The Resource '${provider}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
}

export function requireResource(world: World, id: string): Resource {
  return getResource(world, id) ?? notFound(expandId(world, id));
}

export function requireSource(world: World, id: string): SourceResource {
  const r = requireResource(world, id);
  if (!isSource(r)) fail(400, 'BadRequest', `The resource type '${r.type}' does not support managed identities in this sandbox.`, ['Only compute resources (VMs, App Service and Functions apps and slots, logic apps, container apps) hold identities here.']);
  return r;
}

export function requireKind<K extends Resource['kind']>(world: World, id: string, kind: K): Extract<Resource, { kind: K }> {
  const r = requireResource(world, id);
  if (r.kind !== kind) notFound(`${r.id.replace(/\/providers\/.*/i, '')}/providers/${KINDS[kind].type}/${r.name}`);
  return r as Extract<Resource, { kind: K }>;
}

export const label = (r: Resource) => `${KINDS[r.kind].noun} '${displayName(r)}'`;
