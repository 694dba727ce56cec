// The drawable graph of a world: every thing the topology can show (nodes), the boxes they sit in
// (clusters: the directory, subscriptions, resource groups, apps with slots) and the relations between
// them (edges), each keyed by the entity it stands for. Keys are stable (object ids, lowercased ARM ids),
// so two graphs can be compared to find what a step added or removed.
import { KINDS, displayName, findRole, idKey as key, isSource, isStale, scopeLevel, type Resource, type ServicePrincipal, type World, userById } from '../sim/index.ts';
import { plain as nm } from './escape.ts';
import type { Category, Mark } from './palette.ts';

/** `round` is a rounded rectangle: a principal. (`stadium`, the pill, is kept for the benchmark's baseline: its outline costs ~40K characters of path data each.) */
export type Shape = 'round' | 'stadium' | 'rect' | 'hexagon' | 'cylinder' | 'parallelogram';

export interface GNode {
  key: string;
  category: Category;
  shape: Shape;
  /** The entity's own name, raw (escaped when written). */
  name: string;
  /** What it is, as a label line: "Virtual machine", "Key vault · Azure RBAC". */
  kind: string;
  /** What it is inside a sentence, before its name: "virtual machine"; '' when the name says it all. */
  noun: string;
  /** A third line: who owns it, its object id. */
  detail?: string;
  /** Key of the cluster it sits in; '' at the top level. */
  cluster: string;
  /** When it was created (sandbox seconds): "most recently touched" picks the newest. */
  time: number;
  /** Its place in its world table: creation order, for things created in the same second. */
  seq: number;
  mark?: Mark;
}

export interface GCluster {
  key: string;
  title: string;
  parent: string;
  /** A resource group: an item of its own in the counts (the directory and subscription boxes are not). */
  item?: boolean;
  mark?: Mark;
}

export type EdgeKind = 'identity' | 'assigned' | 'principal' | 'role' | 'appRole';

export interface GEdge {
  key: string;
  kind: EdgeKind;
  from: string;
  /** A node key, or a cluster key where the edge points at a scope drawn as a box. */
  to: string;
  label: string[];
  /** The entity behind the edge (role assignment id, app role assignment id, assignment of an identity). */
  ref: string;
  /** Drawn dashed: an orphaned role assignment, or a user-assigned identity that is no longer there. */
  broken?: boolean;
  time: number;
  seq: number;
  mark?: Mark;
}

export interface Graph {
  nodes: Map<string, GNode>;
  clusters: Map<string, GCluster>;
  edges: Map<string, GEdge>;
}

export const ENTRA = 'entra';

const lastSegment = (id: string) => id.replace(/\/+$/, '').split('/').pop() ?? id;
export const shortId = (id: string) => `${id.slice(0, 8)}…`;

/** A resource kind in words, lowercase: "virtual machine". */
function kindWords(r: Resource): string {
  return KINDS[r.kind].label.replace(/ \(Consumption\)$/, '').toLowerCase();
}

function siteClusterKey(appId: string): string {
  return `site:${key(appId)}`;
}

/** The node of a resource. */
function resourceNode(r: Resource, cluster: string, seq: number): GNode {
  const base = { key: key(r.id), name: displayName(r), noun: kindWords(r), cluster, time: r.createdAt, seq };
  switch (r.kind) {
    // A vault says its permission model: it decides who reads its secrets.
    case 'keyVault':
      return { ...base, category: 'target', shape: 'cylinder', kind: `Key vault · ${r.enableRbacAuthorization ? 'Azure RBAC' : 'access policies'}` };
    case 'userAssignedIdentity':
      return { ...base, category: 'identity', shape: 'hexagon', kind: 'User-assigned identity' };
    // Every other kind by its registry entry: a data-holding target is a cylinder, code a rectangle.
    default:
      return KINDS[r.kind].family === 'target'
        ? { ...base, category: 'target', shape: 'cylinder', kind: KINDS[r.kind].label }
        : { ...base, category: 'compute', shape: 'rect', kind: KINDS[r.kind].label };
  }
}

function principalNode(world: World, sp: ServicePrincipal, seq: number): GNode {
  const base = { key: sp.id, category: 'entra' as const, shape: 'round' as const, name: sp.displayName, noun: 'service principal', cluster: ENTRA, time: sp.createdAt, seq };
  const owner = sp.owner;
  if (owner.kind === 'application') {
    const app = world.applications[owner.appId];
    return { ...base, kind: 'Service principal · application', detail: `of app registration ${nm(app?.displayName ?? owner.appId)}` };
  }
  // A user-assigned identity's principal bears its resource's name: say what sets it apart instead.
  if (owner.kind !== 'systemAssigned') return { ...base, kind: 'Managed identity · user-assigned', detail: 'a resource of its own' };
  const r = world.resources[key(owner.resourceId)];
  const what = r ? `${kindWords(r)} ${nm(displayName(r))}` : nm(lastSegment(owner.resourceId));
  return { ...base, kind: 'Managed identity · system-assigned', detail: `of ${what}` };
}

/** "resource group rg-demo", "key vault kv-1", "subscription Sandbox subscription". */
export function scopeWords(world: World, scope: string): string {
  switch (scopeLevel(scope)) {
    case 'managementGroup':
      return `management group ${nm(world.managementGroups[key(scope)]?.displayName ?? lastSegment(scope))}`;
    case 'subscription': {
      const sub = Object.values(world.subscriptions).find((s) => key(s.id) === key(scope));
      return `subscription ${nm(sub?.displayName ?? lastSegment(scope))}`;
    }
    case 'resourceGroup':
      return `resource group ${nm(lastSegment(scope))}`;
    default: {
      const r = world.resources[key(scope)];
      return r ? `${kindWords(r)} ${nm(displayName(r))}` : `resource ${nm(lastSegment(scope))}`;
    }
  }
}

/** Minutes until an assignment takes effect, or 0 when it already has. */
function minutesToEffect(world: World, createdOn: number): number {
  const left = createdOn + world.settings.propagationDelay - world.now;
  return left > 0 ? Math.ceil(left / 60) : 0;
}

export function buildGraph(world: World): Graph {
  const nodes = new Map<string, GNode>();
  const clusters = new Map<string, GCluster>();
  const edges = new Map<string, GEdge>();
  const addEdge = (e: Omit<GEdge, 'key'>) => {
    const k = `${e.kind}|${e.from}|${e.to}|${e.ref}`;
    edges.set(k, { ...e, key: k });
  };

  clusters.set(ENTRA, { key: ENTRA, title: `Entra ID · directory ${nm(world.tenant.displayName)}`, parent: '' });
  for (const sub of Object.values(world.subscriptions)) {
    clusters.set(key(sub.id), { key: key(sub.id), title: `Subscription · ${nm(sub.displayName)}`, parent: '' });
  }
  for (const rg of Object.values(world.resourceGroups)) {
    clusters.set(key(rg.id), { key: key(rg.id), title: `Resource group · ${nm(rg.name)}`, parent: key(`/subscriptions/${rg.subscriptionId}`), item: true });
  }

  const resources = Object.values(world.resources);
  const rgKey = (r: Resource) => key(`/subscriptions/${r.subscriptionId}/resourceGroups/${r.resourceGroup}`);
  // An app with slots becomes a box holding the app and its slots.
  for (const r of resources) {
    if (r.kind !== 'slot' || !r.parentId) continue;
    const app = world.resources[key(r.parentId)];
    if (app && !clusters.has(siteClusterKey(app.id))) {
      clusters.set(siteClusterKey(app.id), { key: siteClusterKey(app.id), title: `${KINDS[app.kind].label} · ${nm(app.name)} with its slots`, parent: rgKey(app) });
    }
  }
  resources.forEach((r, seq) => {
    const site = r.kind === 'slot' && r.parentId ? siteClusterKey(r.parentId) : siteClusterKey(r.id);
    nodes.set(key(r.id), resourceNode(r, clusters.has(site) ? site : rgKey(r), seq));
  });
  Object.values(world.servicePrincipals).forEach((sp, seq) => nodes.set(sp.id, principalNode(world, sp, seq)));

  for (const r of resources) {
    if (r.kind === 'userAssignedIdentity' && world.servicePrincipals[r.principalId]) {
      addEdge({ kind: 'principal', from: key(r.id), to: r.principalId, label: ['principal'], ref: r.principalId, time: r.createdAt, seq: 0 });
    }
    if (!isSource(r)) continue;
    const sys = r.identity.systemAssigned;
    if (sys && world.servicePrincipals[sys.principalId]) {
      addEdge({ kind: 'identity', from: key(r.id), to: sys.principalId, label: ['has identity'], ref: sys.principalId, time: world.servicePrincipals[sys.principalId]!.createdAt, seq: 0 });
    }
    for (const u of r.identity.userAssigned) {
      const ref = `assigned:${key(r.id)}:${key(u.id)}`;
      const uami = world.resources[key(u.id)];
      if (uami) {
        const stale = isStale(world, u);
        addEdge({ kind: 'assigned', from: key(u.id), to: key(r.id), label: stale ? ['assigned to', 'stale: old ids'] : ['assigned to'], ref, ...(stale ? { broken: true } : {}), time: uami.createdAt, seq: 0 });
        continue;
      }
      // The identity was deleted but the resource still lists it.
      const gone = `stale:${key(u.id)}`;
      const home = key(u.id.replace(/\/providers\/.*$/i, ''));
      nodes.set(gone, { key: gone, category: 'missing', shape: 'rect', name: 'Identity not found', noun: '', kind: `user-assigned identity ${nm(lastSegment(u.id))}`, detail: 'deleted, still listed', cluster: clusters.has(home) ? home : rgKey(r), time: 0, seq: 0 });
      addEdge({ kind: 'assigned', from: gone, to: key(r.id), label: ['assigned to', 'not found'], ref, broken: true, time: 0, seq: 0 });
    }
  }

  Object.values(world.roleAssignments).forEach((a, seq) => {
    let from = a.principalId;
    const user = world.servicePrincipals[from] ? undefined : userById(world, from);
    if (user && !nodes.has(from)) {
      nodes.set(from, { key: from, category: 'entra', shape: 'round', name: user.displayName, noun: 'user', kind: 'User', detail: nm(user.userPrincipalName), cluster: ENTRA, time: user.createdAt, seq: 0 });
    }
    if (!world.servicePrincipals[from] && !user) {
      from = `missing:${a.principalId}`;
      const was = world.deletedPrincipals[a.principalId];
      nodes.set(from, { key: from, category: 'missing', shape: 'rect', name: 'Identity not found', noun: '', kind: `object id ${shortId(a.principalId)}`, ...(was ? { detail: `was ${nm(was.displayName)}` } : {}), cluster: ENTRA, time: 0, seq: 0 });
    }
    const level = scopeLevel(a.scope);
    const to = key(a.scope);
    if (level === 'managementGroup' && !nodes.has(to)) {
      nodes.set(to, { key: to, category: 'scope', shape: 'parallelogram', name: world.managementGroups[to]?.displayName ?? lastSegment(a.scope), noun: 'management group', kind: 'Management group', cluster: '', time: 0, seq: 0 });
    }
    if (!nodes.has(to) && !clusters.has(to)) return; // a scope the sandbox does not model
    const role = findRole(a.roleDefinitionId)?.roleName ?? lastSegment(a.roleDefinitionId);
    const wait = minutesToEffect(world, a.createdOn);
    const label = [role, `at ${scopeWords(world, a.scope)}`, wait ? `takes effect in ${wait} min` : ''];
    addEdge({ kind: 'role', from, to, label, ref: key(a.id), ...(from.startsWith('missing:') ? { broken: true } : {}), time: a.createdOn, seq });
  });

  for (const ara of Object.values(world.appRoleAssignments)) {
    if (!nodes.has(ara.principalId) || !nodes.has(ara.resourceId)) continue;
    const api = Object.values(world.applications).find((app) => app.servicePrincipalId === ara.resourceId);
    const role = api?.appRoles.find((r) => r.id === ara.appRoleId)?.value ?? 'app role';
    addEdge({ kind: 'appRole', from: ara.principalId, to: ara.resourceId, label: [`app role ${nm(role)}`], ref: ara.id, time: ara.createdDateTime, seq: 0 });
  }
  return { nodes, clusters, edges };
}
