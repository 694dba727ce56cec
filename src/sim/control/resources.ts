// Resource groups and resources: creating them (with identities, like `az vm create --assign-identity`)
// and deleting them with everything that goes with them.
import { KINDS, NAME_RULES, isSourceKind, kindSpec, type DataSpec } from '../kinds.ts';
import { key, resourceGroupId, resourceGroupOf, resourceId, slotId } from '../arm.ts';
import { RESOURCE_GROUP_RULE } from '../names.ts';
import { fail, type AzureError } from '../outcome.ts';
import { emptyTable, own } from '../table.ts';
import { DEFAULT_LOCATION, type Resource, type SourceResource } from '../world.ts';
import type { Draft } from '../draft.ts';
import type { Handlers } from './actions.ts';
import { deleteAssignmentsUnder, deleteResource, putResource } from './cascade.ts';
import { assignUserAssigned, enableSystemAssigned } from './identities.ts';
import { createManagedPrincipal } from './principals.ts';
import { label, requireName, requireResource, requireResourceGroup, subscriptionFor } from './refuse.ts';

/**
 * A resource group's location cannot change once it exists (Resource Groups - Create Or Update), so ARM
 * refuses a create in another location with 409 in these words (docs/azure-behaviour.md §4, ARM resource
 * group location); the same location again is an update that changes nothing. Locations compare as ARM
 * normalizes them: case and spaces aside ('West Europe' is 'westeurope'). No location: nothing to compare.
 */
export function resourceGroupLocationConflict(existing: string, requested: string | undefined): AzureError | undefined {
  const norm = (l: string) => l.toLowerCase().replace(/\s+/g, '');
  if (requested === undefined || norm(requested) === norm(existing)) return undefined;
  return { status: 409, code: 'InvalidResourceGroupLocation', message: `Invalid resource group location '${requested}'. The Resource group already exists in location '${existing}'.` };
}

/**
 * A new resource of a kind that holds data, from its registry entry: its endpoint, the properties its
 * create action sets, and the child items made with it (checked against their naming rule), in the
 * order ARM lists the properties.
 */
function holder(d: Draft, common: Omit<Resource, 'kind'>, a: { kind: Resource['kind']; name: string } & { readonly [k: string]: unknown }, data: DataSpec): Resource {
  const { children } = data;
  const given = children.withParent ? a[children.withParent.action] : undefined;
  const names = given === undefined ? [] : Array.isArray(given) ? (given as string[]) : [given as string];
  const items = emptyTable<object>();
  for (const n of names) {
    requireName(children.name, n);
    items[children.caseless ? n.toLowerCase() : n] = children.empty(n);
  }
  if (names.length && children.withParent) d.notes.push(children.withParent.note(names, common.id));
  return { ...common, kind: a.kind, [data.endpoint.key]: data.endpoint.url(a.name), ...data.extra?.(a), [children.key]: items } as Resource;
}

export const RESOURCE_HANDLERS: Handlers<'resourceGroup.create' | 'resourceGroup.delete' | 'resource.create' | 'slot.create' | 'resource.delete'> = {
  'resourceGroup.create'(d, a) {
    const sub = subscriptionFor(d.world, a.subscriptionId);
    requireName(RESOURCE_GROUP_RULE, a.name);
    const id = resourceGroupId(sub.subscriptionId, a.name);
    const existing = own(d.world.resourceGroups, key(id));
    if (existing) {
      const conflict = resourceGroupLocationConflict(existing.location, a.location);
      if (conflict) fail(conflict.status, conflict.code, conflict.message);
      d.notes.push('Creating a resource group that already exists updates it in place (ARM PUT is idempotent).');
      return `Resource group '${existing.name}' already exists; nothing changed.`;
    }
    d.table('resourceGroups')[key(id)] = { id, name: a.name, location: a.location ?? DEFAULT_LOCATION, subscriptionId: sub.subscriptionId, createdAt: d.world.now };
    d.mark('created', id);
    return `Created resource group '${a.name}'.`;
  },

  'resourceGroup.delete'(d, a) {
    const sub = subscriptionFor(d.world, a.subscriptionId);
    const rg = requireResourceGroup(d.world, sub.subscriptionId, a.name);
    const inside = Object.values(d.world.resources).filter((r) => resourceGroupOf(r.id) === key(rg.id));
    // Slots go with their app; delete top-level resources only.
    for (const r of inside) if (r.kind !== 'slot' && own(d.world.resources, key(r.id))) deleteResource(d, r);
    for (const r of inside) if (own(d.world.resources, key(r.id))) deleteResource(d, r);
    deleteAssignmentsUnder(d, rg.id);
    delete d.table('resourceGroups')[key(rg.id)];
    d.mark('deleted', rg.id);
    return `Deleted resource group '${rg.name}' and the ${inside.length} resource${inside.length === 1 ? '' : 's'} in it.`;
  },

  'resource.create'(d, a) {
    const sub = subscriptionFor(d.world, a.subscriptionId);
    const rg = requireResourceGroup(d.world, sub.subscriptionId, a.resourceGroup);
    requireName(NAME_RULES[a.kind], a.name);
    const info = KINDS[a.kind];
    const data = kindSpec(a.kind).data;
    const id = resourceId(sub.subscriptionId, rg.name, a.kind, a.name);
    const existing = own(d.world.resources, key(id));
    if (existing) {
      d.notes.push('Creating a resource that already exists is an update of the same resource in ARM; use the identity actions to change its identities.');
      return `The ${label(existing)} already exists; nothing changed.`;
    }
    const clash = Object.values(d.world.resources).find((r) => {
      const sameName = r.name.toLowerCase() === a.name.toLowerCase();
      if (!sameName) return false;
      if (a.kind === 'webApp' || a.kind === 'functionApp') return r.kind === 'webApp' || r.kind === 'functionApp';
      return r.kind === a.kind && data !== undefined;
    });
    if (clash) {
      const global = ['The sandbox world stands in for all of Azure, so global names are unique within it.'];
      if (data) fail(409, data.taken.code, data.taken.message(a.name), [...global, ...(data.taken.note ? [data.taken.note] : [])]);
      fail(409, 'Conflict', `Website with given name ${a.name} already exists.`, global);
    }
    const common = { id, name: a.name, type: info.type, subscriptionId: sub.subscriptionId, resourceGroup: rg.name, location: a.location ?? rg.location, createdAt: d.world.now };
    let r: Resource;
    if (data) r = holder(d, common, a, data);
    else if (a.kind === 'userAssignedIdentity') {
      const sp = createManagedPrincipal(d, a.name, 'userAssigned', id);
      r = { ...common, kind: 'userAssignedIdentity', principalId: sp.id, clientId: sp.appId, tenantId: d.world.tenant.id };
    } else if (isSourceKind(a.kind)) {
      let src: SourceResource = { ...common, kind: a.kind, identity: { systemAssigned: null, userAssigned: [] } };
      if (a.identity?.systemAssigned) src = enableSystemAssigned(d, src);
      for (const u of a.identity?.userAssigned ?? []) src = assignUserAssigned(d, src, u);
      r = src;
    } else throw new Error(`The ${a.kind} kind holds data but has no data spec.`);
    putResource(d, r);
    d.created.unshift(r.id);
    return `Created ${label(r)} in resource group '${rg.name}'.`;
  },

  'slot.create'(d, a) {
    const site = requireResource(d.world, a.siteId);
    if (site.kind !== 'webApp' && site.kind !== 'functionApp') {
      fail(400, 'BadRequest', `The ${label(site)} is not an App Service or Functions app and has no deployment slots.`);
    }
    requireName(NAME_RULES.slot, a.name);
    if (a.name.toLowerCase() === 'production') fail(400, 'BadRequest', `Name ${a.name} is not valid.`, ["'production' is the app itself, not a slot you can create."]);
    const id = slotId(site.id, a.name);
    if (own(d.world.resources, key(id))) {
      fail(409, 'Conflict', `Site with name ${site.name}(${a.name}) already exists.`);
    }
    const slot: SourceResource = {
      id,
      name: `${site.name}/${a.name}`,
      type: KINDS.slot.type,
      kind: 'slot',
      subscriptionId: site.subscriptionId,
      resourceGroup: site.resourceGroup,
      location: site.location,
      createdAt: d.world.now,
      parentId: site.id,
      identity: { systemAssigned: null, userAssigned: [] },
    };
    putResource(d, slot);
    d.mark('created', id);
    d.notes.push("A slot has identities of its own: the app's identity does not carry over to its slots.");
    return `Created deployment slot '${a.name}' of '${site.name}'.`;
  },

  'resource.delete'(d, a) {
    const r = requireResource(d.world, a.id);
    deleteResource(d, r);
    const lost = d.deleted.filter((x) => own(d.world.servicePrincipals, x) === undefined && !x.startsWith('/'));
    const extra = lost.length ? ` Entra ID deleted ${lost.length} service principal${lost.length === 1 ? '' : 's'} with it.` : '';
    const orphans = d.orphaned.length ? ` ${d.orphaned.length} role assignment${d.orphaned.length === 1 ? '' : 's'} now show${d.orphaned.length === 1 ? 's' : ''} "Identity not found".` : '';
    return `Deleted ${label(r)}.${extra}${orphans}`;
  },
};
