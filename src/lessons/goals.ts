// Step goals: declarative checks on the world and the last outcome, naming things as the learner sees
// them ("vm web-1", "Key Vault Secrets User", "https://vault.azure.net"). evaluate() is pure: the
// lesson player calls it after every action, the tests call it while replaying reference solutions.
// Each kind of check is one entry of GOAL_REGISTRY (schema, check, words); a new kind is one entry.
import * as v from 'valibot';
import type { Action, ActionType, Outcome, Resource, World } from '../sim/index.ts';
import { ACTION_TYPES, ASSIGN_IDENTITY, checkAccess, displayName, findRole, getResource, isSource, isStale, kindField, tenantUsers, userById, userMay } from '../sim/index.ts';

/**
 * A resource as "<kind> <name>": "vm web-1", "keyVault kv-demo-1", "slot shop/slots/staging",
 * "userAssignedIdentity id-app". Scopes may also be "resourceGroup <name>" or "subscription".
 */
export type Ref = string;

export const REF_KINDS = {
  /** Every resource kind, in the words of the kinds registry. */
  ...kindField('ref'),
  resourceGroup: 'resource group',
  subscription: 'the subscription',
  /** An app registration (and, as a call target, its simulated API). */
  app: 'app',
} as const;
export type RefKind = keyof typeof REF_KINDS;

/** How a token request named its identity: the SDK option or the endpoint's query parameter it used. */
export type Selector = 'clientId' | 'objectId' | 'resourceId' | 'none';

/** The selector a token request used (IMDS: client_id, object_id, msi_res_id; App Service: client_id, principal_id, mi_res_id). */
export function selectorOf(action: Action): Selector | undefined {
  if (action.type !== 'token.request' || action.clientCredentials) return undefined;
  if (action.sdk) return action.sdk.clientId !== undefined ? 'clientId' : action.sdk.objectId !== undefined ? 'objectId' : action.sdk.resourceId !== undefined ? 'resourceId' : 'none';
  const query = action.request?.url.split('?').slice(1).join('?') ?? '';
  const names = new Set(query.split('&').map((p) => p.split('=')[0]!.toLowerCase()));
  if (names.has('client_id')) return 'clientId';
  if (names.has('object_id') || names.has('principal_id')) return 'objectId';
  if (names.has('msi_res_id') || names.has('mi_res_id')) return 'resourceId';
  return 'none';
}

const SELECTOR_WORDS: Record<Selector, string> = { clientId: 'its client id', objectId: 'its object (principal) id', resourceId: 'its resource id', none: 'no identity' };

export type PrincipalType = 'systemAssigned' | 'userAssigned' | 'application';

// Field schemas shared by the goal kinds; every problem reads as the author's terms.
const Name = v.pipe(v.string('expected text'), v.minLength(1, 'must not be empty'), v.maxLength(300, 'is too long'));
const Num = v.pipe(v.number('expected a number'), v.integer('expected a whole number'));
const Bool = v.boolean('expected true or false');
const refProblem = (input: unknown) => {
  try {
    parseRef(String(input));
    return '';
  } catch (e) {
    return (e as Error).message;
  }
};
const RefSchema = v.pipe(
  v.string('expected "<kind> <name>", e.g. "vm web-1"'),
  v.check((s) => refProblem(s) === '', (issue) => refProblem(issue.input)),
);
const PrincipalSchema = v.picklist(['systemAssigned', 'userAssigned', 'application'], 'expected systemAssigned, userAssigned or application');

export interface GoalContext {
  world: World;
  /** What the last action did (refused ones included), as the sandbox actor reports it. */
  last: { action: Action; outcome: Outcome } | null;
}

/** Words for a check and for its negation (`not`): `no(yes, not)` picks one. */
type Wording = (yes: string, not: string) => string;

/** One kind of goal: its YAML schema, when it holds, and how the checklist words it. */
interface GoalKind<S extends v.GenericSchema> {
  schema: S;
  holds: (goal: v.InferOutput<S>, ctx: GoalContext) => boolean;
  describe: (goal: v.InferOutput<S>, no: Wording) => string;
  /** Whether it looks at the last action rather than the world (a challenge may not use these). */
  aboutLastAction?: true;
}
const kind = <S extends v.GenericSchema>(k: GoalKind<S>): GoalKind<S> => k;
/** Any kind, its goal type forgotten: what evaluate() and describe() call once they picked the kind. */
interface SomeGoalKind {
  schema: v.GenericSchema;
  holds: (goal: never, ctx: GoalContext) => boolean;
  describe: (goal: never, no: Wording) => string;
  aboutLastAction?: true;
}

/**
 * Every kind of goal, in one place: the lesson schema, the Goal type, evaluate() and describe() all
 * come from here, so a kind without its schema, check or words does not compile.
 */
export const GOAL_REGISTRY = {
  /** The resource (or resource group) exists. */
  exists: kind({
    schema: RefSchema,
    holds: (ref, { world }) => resolveRef(world, ref) !== null,
    describe: (ref, no) => no(`${cap(refText(ref))} exists`, `${cap(refText(ref))} does not exist`),
  }),
  /** The resource has its system-assigned identity turned on. */
  systemAssigned: kind({
    schema: RefSchema,
    holds: (ref, { world }) => {
      const id = resolveRef(world, ref);
      const r = id ? getResource(world, id) : undefined;
      return isSource(r) && r.identity.systemAssigned !== null;
    },
    describe: (ref, no) => no(`${cap(refText(ref))} has a system-assigned identity`, `${cap(refText(ref))} has no system-assigned identity`),
  }),
  /** The resource lists the user-assigned identity; `stale: true` asks for an entry whose identity was deleted or recreated. */
  userAssigned: kind({
    schema: v.strictObject({ resource: RefSchema, identity: Name, stale: v.optional(Bool) }),
    holds: ({ resource, identity, stale }, { world }) => {
      const id = resolveRef(world, resource);
      const r = id ? getResource(world, id) : undefined;
      if (!isSource(r)) return false;
      const entry = r.identity.userAssigned.find((u) => same(u.id.split('/').pop(), identity));
      return !!entry && isStale(world, entry) === (stale ?? false);
    },
    describe: ({ resource, identity, stale }, no) => {
      const what = stale ? `a stale entry for the deleted identity ${identity}` : `the user-assigned identity ${identity}`;
      return no(`${cap(refText(resource))} lists ${what}`, `${cap(refText(resource))} does not list ${what}`);
    },
  }),
  /** Entra ID has a service principal with this display name (`deleted: true`: had one, now deleted). */
  principal: kind({
    schema: v.strictObject({ name: Name, type: v.optional(PrincipalSchema), deleted: v.optional(Bool) }),
    holds: ({ name, type, deleted = false }, { world }) => {
      if (deleted) return Object.values(world.deletedPrincipals).some((p) => same(p.displayName, name) && (!type || p.kind === type));
      return Object.values(world.servicePrincipals).some((sp) => same(sp.displayName, name) && (!type || sp.owner.kind === type));
    },
    describe: ({ name, type, deleted }, no) => {
      const k = type === 'systemAssigned' ? 'system-assigned ' : type === 'userAssigned' ? 'user-assigned ' : '';
      const sp = type === 'application' ? 'service principal of an app' : `${k}service principal`;
      if (deleted) return no(`Entra ID deleted the ${sp} named ${name}`, `No ${sp} named ${name} was deleted`);
      return no(`Entra ID has a ${sp} named ${name}`, `Entra ID has no ${sp} named ${name}`);
    },
  }),
  /** A role assignment matching every field given; `orphaned: true` = its principal is gone ("Identity not found"). */
  roleAssignment: kind({
    schema: v.strictObject({ role: v.optional(Name), scope: v.optional(RefSchema), principal: v.optional(Name), orphaned: v.optional(Bool) }),
    holds: ({ role, scope, principal, orphaned }, { world }) => {
      const roleName = role === undefined ? undefined : (findRole(role)?.roleName ?? role);
      const scopeId = scope === undefined ? undefined : resolveRef(world, scope);
      if (scope !== undefined && scopeId === null) return false;
      return Object.values(world.roleAssignments).some((a) => {
        if (roleName !== undefined && !same(findRole(a.roleDefinitionId)?.roleName, roleName)) return false;
        if (scopeId && !same(a.scope, scopeId)) return false;
        const who = principalName(world, a.principalId);
        if (principal !== undefined && !same(who?.name, principal)) return false;
        if (orphaned !== undefined && orphaned === !!who?.live) return false;
        return true;
      });
    },
    describe: ({ role, scope, principal, orphaned }, no) => {
      const parts = [role ? `of '${findRole(role)?.roleName ?? role}'` : '', principal ? `for ${principal}` : '', scope ? `at ${refText(scope)}` : ''].filter(Boolean).join(' ');
      const state = orphaned === true ? ', shown as "Identity not found"' : orphaned === false ? ' whose identity exists' : '';
      const tail = `${parts ? ` ${parts}` : ''}${state}`;
      return no(`A role assignment${tail}`, `No role assignment${tail}`);
    },
  }),
  /** A principal holds an app role of an API (app registration). */
  appRole: kind({
    schema: v.strictObject({ app: Name, role: Name, principal: Name }),
    holds: ({ app, role, principal }, { world }) => {
      const api = findApp(world, app);
      const appRole = api?.appRoles.find((r) => same(r.value, role));
      if (!api || !appRole) return false;
      return Object.values(world.appRoleAssignments).some((x) => x.resourceId === api.servicePrincipalId && x.appRoleId === appRole.id && same(principalName(world, x.principalId)?.name, principal));
    },
    describe: ({ app, role, principal }, no) => no(`${principal} holds the app role ${role} of ${app}`, `${principal} does not hold the app role ${role} of ${app}`),
  }),
  /**
   * A user of the tenant may attach the user-assigned identity now: their roles grant its assign action
   * on the identity (Managed Identity Operator, Contributor, Owner) and, with `resource`, the write on
   * that resource too, the two checks Azure Resource Manager makes (else LinkedAuthorizationFailed).
   */
  canAttach: kind({
    schema: v.strictObject({ user: Name, identity: Name, resource: v.optional(RefSchema) }),
    holds: ({ user, identity, resource }, { world }) => {
      const who = tenantUsers(world).find((u) => same(u.displayName, user) || same(u.userPrincipalName, user));
      const id = resolveRef(world, `userAssignedIdentity ${identity}`);
      if (!who || !id || !userMay(world, who, { action: ASSIGN_IDENTITY, scope: id }).allowed) return false;
      if (resource === undefined) return true;
      const target = resolveRef(world, resource);
      const r = target ? getResource(world, target) : undefined;
      return isSource(r) && userMay(world, who, { action: `${r.type}/write`, scope: r.id }).allowed;
    },
    describe: ({ user, identity, resource }, no) => {
      const where = resource ? ` to ${refText(resource)}` : '';
      return no(`${user} may attach the identity ${identity}${where}`, `${user} may not attach the identity ${identity}${where}`);
    },
  }),
  /**
   * The SQL database has a contained user for the principal as Entra ID knows it now (the user's app id is
   * the live principal's), in the role when one is named: a user made for a deleted identity does not count.
   */
  sqlUser: kind({
    schema: v.strictObject({ server: RefSchema, database: Name, principal: Name, role: v.optional(v.picklist(['db_datareader', 'db_datawriter', 'db_owner'], 'expected db_datareader, db_datawriter or db_owner')) }),
    holds: ({ server, database, principal, role }, { world }) => {
      const id = resolveRef(world, server);
      const r = id ? getResource(world, id) : undefined;
      if (r?.kind !== 'sqlServer') return false;
      const db = Object.values(r.databases).find((x) => same(x.name, database));
      const live = new Set(Object.values(world.servicePrincipals).filter((sp) => same(sp.displayName, principal)).map((sp) => sp.appId));
      return !!db && Object.values(db.users).some((u) => live.has(u.appId) && (!role || u.roles.includes(role)));
    },
    describe: ({ server, database, principal, role }, no) =>
      no(`${database} on ${refText(server)} has a database user for ${principal}${role ? ` in ${role}` : ''}`, `${database} on ${refText(server)} has no database user for ${principal}${role ? ` in ${role}` : ''}`),
  }),
  /** The vault's permission model. */
  permissionModel: kind({
    schema: v.strictObject({ vault: RefSchema, model: v.picklist(['rbac', 'accessPolicy'], 'expected rbac or accessPolicy') }),
    holds: ({ vault, model }, { world }) => {
      const id = resolveRef(world, vault);
      const kv = id ? getResource(world, id) : undefined;
      return kv?.kind === 'keyVault' && kv.enableRbacAuthorization === (model === 'rbac');
    },
    describe: ({ vault, model }, no) => {
      const words = model === 'rbac' ? 'Azure RBAC' : 'vault access policies';
      return no(`${cap(refText(vault))} uses ${words}`, `${cap(refText(vault))} does not use ${words}`);
    },
  }),
  /** The vault has an access policy for the principal that includes these secret permissions. */
  accessPolicy: kind({
    schema: v.strictObject({ vault: RefSchema, principal: Name, secrets: v.optional(v.array(Name)) }),
    holds: ({ vault, principal, secrets = [] }, { world }) => {
      const id = resolveRef(world, vault);
      const kv = id ? getResource(world, id) : undefined;
      if (kv?.kind !== 'keyVault') return false;
      return kv.accessPolicies.some((p) => same(principalName(world, p.objectId)?.name, principal) && secrets.every((s) => (p.permissions.secrets as string[]).includes(s)));
    },
    describe: ({ vault, principal, secrets }, no) => {
      const perms = secrets?.length ? ` allowing ${secrets.join(', ')} on secrets` : '';
      return no(`${cap(refText(vault))} has an access policy for ${principal}${perms}`, `${cap(refText(vault))} has no access policy for ${principal}${perms}`);
    },
  }),
  /**
   * The principal may read the target's data now, however it was granted: secrets of a key vault (by
   * its permission model: a role reaching the vault, or an access policy with get) or blobs of a storage
   * account (a data role reaching the account). Roles still propagating do not count yet.
   */
  canRead: kind({
    schema: v.strictObject({
      principal: Name,
      target: v.pipe(
        RefSchema,
        v.check((r) => ['keyVault', 'storageAccount'].includes(refProblem(r) === '' ? parseRef(r).kind : ''), 'expected a keyVault or storageAccount'),
      ),
    }),
    holds: ({ principal, target }, { world }) => {
      const sp = Object.values(world.servicePrincipals).find((p) => same(p.displayName, principal));
      const id = resolveRef(world, target);
      const r = id ? getResource(world, id) : undefined;
      if (!sp || !r) return false;
      if (r.kind === 'keyVault' && !r.enableRbacAuthorization) return r.accessPolicies.some((p) => same(p.objectId, sp.id) && (p.permissions.secrets as string[]).includes('get'));
      const operation = r.kind === 'keyVault' ? 'Microsoft.KeyVault/vaults/secrets/getSecret/action' : 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read';
      return checkAccess(world, sp.id, operation, r.id, true).allowed;
    },
    describe: ({ principal, target }, no) => {
      const what = parseRef(target).kind === 'keyVault' ? `secrets in ${refText(target)}` : `blobs in ${refText(target)}`;
      return no(`${principal} can read ${what}`, `${principal} cannot read ${what}`);
    },
  }),
  /** A token was issued matching every field given; `latest: true` looks only at the newest one a token endpoint handed out. */
  token: kind({
    schema: v.strictObject({
      audience: v.optional(Name),
      principal: v.optional(Name),
      via: v.optional(v.picklist(['imds', 'appService', 'clientCredentials', 'connector'], 'expected imds, appService, clientCredentials or connector')),
      latest: v.optional(Bool),
      expired: v.optional(Bool),
      role: v.optional(Name),
    }),
    holds: ({ audience, principal, via, latest, expired, role }, { world }) => {
      const candidates = latest ? [world.tokens[world.lastToken ?? '']].filter((t) => t !== undefined) : Object.values(world.tokens);
      return candidates.some(
        (t) =>
          (audience === undefined || sameResource(t.audience, audience)) &&
          (principal === undefined || same(principalName(world, t.principalId)?.name, principal)) &&
          (via === undefined || t.via === via) &&
          (expired === undefined || expired === t.expiresOn <= world.now) &&
          (role === undefined || (t.roles ?? []).includes(role)),
      );
    },
    describe: ({ audience, principal, via, latest, expired, role }, no) => {
      const bits = [audience ? `with audience ${audience}` : '', principal ? `for ${principal}` : '', via ? `from ${VIA[via]}` : '', role ? `carrying the role ${role}` : ''].filter(Boolean).join(' ');
      const subject = latest ? `The latest token${bits ? ` is one ${bits}` : ''}` : `A token ${bits} was issued`;
      const tail = expired === true ? ' and has expired' : expired === false ? ' and is still valid' : '';
      return no(`${subject}${tail}`.replace(/\s+/g, ' '), `Not: ${subject}${tail}`.replace(/\s+/g, ' '));
    },
  }),
  /** The last action was a token request and its answer matches. `message` is a piece of the body, the network error or the SDK's error. */
  lastRequest: kind({
    schema: v.strictObject({
      from: v.optional(RefSchema),
      status: v.optional(Num),
      error: v.optional(Name),
      message: v.optional(Name),
      cached: v.optional(Bool),
      principal: v.optional(Name),
      by: v.optional(v.picklist(['clientId', 'objectId', 'resourceId', 'none'])),
    }),
    aboutLastAction: true,
    holds: ({ from, status, error, message, cached, principal, by }, { world, last }) => {
      if (last?.action.type !== 'token.request') return false;
      const { outcome } = last;
      if (by !== undefined && selectorOf(last.action) !== by) return false;
      const response = outcome.http?.response;
      if (!fromMatches(world, last.action, from)) return false;
      if (status !== undefined && response?.status !== status) return false;
      if (error !== undefined && !(response && codesOf(response).some((c) => same(c, error)))) return false;
      if (message !== undefined && ![response?.body, outcome.http?.networkError, outcome.sdk?.error?.message, outcome.error?.message].some((t) => t?.includes(message))) return false;
      if (cached !== undefined && outcome.token?.cached !== cached) return false;
      if (principal !== undefined) {
        const token = outcome.token ? world.tokens[outcome.token.uti] : undefined;
        if (!token || !same(principalName(world, token.principalId)?.name, principal)) return false;
      }
      return true;
    },
    describe: ({ from, status, error, message, cached, principal, by }, no) => {
      const bits = [
        from ? `from ${refText(from)}` : '',
        by ? (by === 'none' ? 'naming no identity' : `naming the identity by ${SELECTOR_WORDS[by]}`) : '',
        status !== undefined ? `answered ${status === 0 ? 'nothing (no network route)' : status}` : '',
        error ? `with ${error}` : '',
        message ? `saying "${message}"` : '',
        principal ? `for ${principal}` : '',
        cached === true ? 'with a cached token' : cached === false ? 'with a new token' : '',
      ]
        .filter(Boolean)
        .join(' ');
      return no(`Your last token request ${bits || 'was sent'}`, `Your last token request was not one ${bits}`);
    },
  }),
  /** The last action was a call to a service and its answer matches. `code` is any error code in the answer (body or x-ms-error-code). */
  lastCall: kind({
    schema: v.strictObject({ from: v.optional(RefSchema), target: v.optional(RefSchema), status: v.optional(Num), code: v.optional(Name), message: v.optional(Name) }),
    aboutLastAction: true,
    holds: ({ from, target, status, code, message }, { world, last }) => {
      if (last?.action.type !== 'target.call') return false;
      const { outcome } = last;
      const response = outcome.http?.response;
      if (!response || !fromMatches(world, last.action, from)) return false;
      if (target !== undefined) {
        if (parseRef(target).kind === 'app') {
          const url = findApp(world, parseRef(target).name)?.api?.url;
          if (!url || outcome.call?.target !== 'api' || !outcome.http?.request.url.toLowerCase().startsWith(url.toLowerCase())) return false;
        } else {
          const id = resolveRef(world, target);
          if (!id || !same(outcome.call?.resourceId, id)) return false;
        }
      }
      if (status !== undefined && response.status !== status) return false;
      if (code !== undefined && !codesOf(response).some((c) => same(c, code))) return false;
      if (message !== undefined && !response.body.includes(message)) return false;
      return true;
    },
    describe: ({ from, target, status, code, message }, no) => {
      const bits = [target ? `to ${refText(target)}` : '', from ? `from ${refText(from)}` : ''].filter(Boolean).join(' ');
      const answer = [status !== undefined ? String(status) : '', code ?? '', message ? `"${message}"` : ''].filter(Boolean).join(' ');
      return no(`Your last call ${bits} returned ${answer || 'an answer'}`.replace(/\s+/g, ' '), `Your last call ${bits} did not return ${answer || 'an answer'}`.replace(/\s+/g, ' '));
    },
  }),
  /** The last action, whatever it was: its type, whether Azure accepted it, the error code if refused. */
  lastAction: kind({
    schema: v.strictObject({ type: v.optional(v.picklist(ACTION_TYPES, (issue) => `'${String(issue.input)}' is not an action type`)), ok: v.optional(Bool), code: v.optional(Name) }),
    aboutLastAction: true,
    holds: ({ type, ok, code }, { last }) => {
      if (!last) return false;
      return (type === undefined || last.action.type === type) && (ok === undefined || last.outcome.ok === ok) && (code === undefined || same(last.outcome.error?.code, code));
    },
    describe: ({ type, ok, code }, no) => {
      const what = type ? `action (${ACTION_WORDS[type]})` : 'action';
      const how = ok === false ? `was refused${code ? ` with ${code}` : ''}` : ok === true ? 'succeeded' : code ? `ended with ${code}` : 'was done';
      return no(`Your last ${what} ${how}`, `Your last ${what} was not one that ${how}`);
    },
  }),
} satisfies Record<string, SomeGoalKind>;

export type GoalKindName = keyof typeof GOAL_REGISTRY;
type Registry = typeof GOAL_REGISTRY;
/** One check: `{ <kind>: <its fields> }`, the fields typed by the kind's schema. */
export type AtomGoal = { [K in GoalKindName]: { [P in K]: v.InferOutput<Registry[K]['schema']> } }[GoalKindName];
export type Goal = { all: Goal[] } | { any: Goal[] } | { not: Goal } | AtomGoal;

/** The goal kinds that look at the last action, not at the world. */
export const LAST_ACTION_KINDS = (Object.keys(GOAL_REGISTRY) as GoalKindName[]).filter((k) => goalKind(k).aboutLastAction);

export function goalKind(name: GoalKindName): SomeGoalKind {
  return GOAL_REGISTRY[name];
}

/** The single check of an atom goal, with the registry entry that knows it. */
function atomOf(goal: AtomGoal): { def: SomeGoalKind; value: never } {
  const name = Object.keys(goal)[0] as GoalKindName;
  return { def: goalKind(name), value: (goal as Record<string, unknown>)[name] as never };
}

export interface GoalResult {
  met: boolean;
  /** The goal in plain words, as the step's checklist shows it. */
  text: string;
  /** For all/any: each part, so the checklist can tick them one by one. */
  parts?: GoalResult[];
}

const same = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
/** Entra names a resource the same with or without a trailing slash (`https://storage.azure.com/`). */
const sameResource = (a: string, b: string) => same(a.replace(/\/+$/, ''), b.replace(/\/+$/, ''));

/** Split "vm web-1" into kind and name. Throws on an unknown kind: the loader checks refs before anything runs. */
export function parseRef(ref: Ref): { kind: RefKind; name: string } {
  const m = /^(\S+)(?:\s+(.+))?$/.exec(ref.trim());
  const kind = m?.[1] as RefKind | undefined;
  if (!kind || !(kind in REF_KINDS)) throw new Error(`"${ref}" does not start with a known kind (${Object.keys(REF_KINDS).join(', ')})`);
  const name = m?.[2]?.trim() ?? '';
  if (!name && kind !== 'subscription') throw new Error(`"${ref}" needs a name after "${kind}"`);
  return { kind, name };
}

export function refText(ref: Ref): string {
  const { kind, name } = parseRef(ref);
  return kind === 'subscription' ? REF_KINDS.subscription : `${REF_KINDS[kind]} ${name}`;
}

/** The ARM id a ref names in this world, or null. */
export function resolveRef(world: World, ref: Ref): string | null {
  const { kind, name } = parseRef(ref);
  if (kind === 'subscription') return Object.values(world.subscriptions)[0]?.id ?? null;
  if (kind === 'resourceGroup') return Object.values(world.resourceGroups).find((g) => same(g.name, name))?.id ?? null;
  if (kind === 'app') return findApp(world, name)?.appId ?? null;
  return findResource(world, kind, name)?.id ?? null;
}

function findApp(world: World, name: string) {
  return Object.values(world.applications).find((a) => same(a.displayName, name));
}

function findResource(world: World, kind: string, name: string): Resource | undefined {
  return Object.values(world.resources).find((r) => r.kind === kind && same(displayName(r), name));
}

/** Display names of a principal, live or deleted. */
function principalName(world: World, id: string): { name: string; live: boolean } | null {
  const sp = world.servicePrincipals[id];
  if (sp) return { name: sp.displayName, live: true };
  const user = userById(world, id);
  if (user) return { name: user.displayName, live: true };
  const gone = world.deletedPrincipals[id];
  return gone ? { name: gone.displayName, live: false } : null;
}

/** Every error code in an HTTP answer: JSON error.code / innererror.code / error, XML <Code>, x-ms-error-code. */
function codesOf(response: { headers: Record<string, string>; body: string }): string[] {
  const codes: string[] = [];
  for (const [k, v] of Object.entries(response.headers)) if (k.toLowerCase() === 'x-ms-error-code') codes.push(v);
  for (const m of response.body.matchAll(/<Code>([^<]+)<\/Code>/g)) codes.push(m[1]!);
  try {
    const json = JSON.parse(response.body) as { error?: unknown };
    const e = json.error;
    if (typeof e === 'string') codes.push(e);
    else if (e && typeof e === 'object') {
      const { code, innererror } = e as { code?: unknown; innererror?: { code?: unknown } };
      if (typeof code === 'string') codes.push(code);
      if (typeof innererror?.code === 'string') codes.push(innererror.code);
    }
  } catch {
    // not JSON
  }
  return codes;
}

function fromMatches(world: World, action: Action, from: Ref | undefined): boolean {
  if (from === undefined) return true;
  const given = 'from' in action ? action.from : undefined;
  if (!given) return false;
  const id = resolveRef(world, from);
  const r = getResource(world, given);
  // The caller may have been deleted since; compare by the id it was named by.
  return id !== null ? same(r?.id ?? given, id) : same(given.split('/').pop(), parseRef(from).name.split('/').pop());
}

/** Evaluate a goal against the world and the last outcome. */
export function evaluate(goal: Goal, ctx: GoalContext): GoalResult {
  if ('all' in goal) {
    const parts = goal.all.map((g) => evaluate(g, ctx));
    return { met: parts.every((p) => p.met), text: describe(goal), parts };
  }
  if ('any' in goal) {
    const parts = goal.any.map((g) => evaluate(g, ctx));
    return { met: parts.some((p) => p.met), text: describe(goal), parts };
  }
  if ('not' in goal) return { met: !evaluate(goal.not, ctx).met, text: describe(goal.not, true) };
  const { def, value } = atomOf(goal);
  return { met: def.holds(value, ctx), text: describe(goal) };
}

/** A goal in plain words; `negated` words it for `not`. */
export function describe(goal: Goal, negated = false): string {
  const no: Wording = (yes, not) => (negated ? not : yes);
  if ('all' in goal) return no(`All of: ${goal.all.map((g) => describe(g)).join('; ')}`, `Not all of: ${goal.all.map((g) => describe(g)).join('; ')}`);
  if ('any' in goal) return no(`Any of: ${goal.any.map((g) => describe(g)).join('; ')}`, `None of: ${goal.any.map((g) => describe(g)).join('; ')}`);
  if ('not' in goal) return describe(goal.not, !negated);
  const { def, value } = atomOf(goal);
  return def.describe(value, no);
}

/** Action types in the UI's words: a learner never reads an internal action name. */
const ACTION_WORDS: Record<ActionType, string> = {
  'resourceGroup.create': 'creating a resource group',
  'resourceGroup.delete': 'deleting a resource group',
  'resource.create': 'creating a resource',
  'slot.create': 'adding a deployment slot',
  'resource.delete': 'deleting a resource',
  'identity.system.enable': 'turning on a system-assigned identity',
  'identity.system.disable': 'turning off a system-assigned identity',
  'identity.user.assign': 'adding a user-assigned identity',
  'identity.user.unassign': 'removing a user-assigned identity',
  'roleAssignment.create': 'adding a role assignment',
  'roleAssignment.delete': 'removing a role assignment',
  'keyVault.setPermissionModel': 'changing a vault’s permission model',
  'keyVault.accessPolicy.set': 'setting an access policy',
  'keyVault.secret.set': 'setting a secret',
  'storage.container.create': 'creating a container',
  'storage.blob.upload': 'uploading a blob',
  'sql.execute': 'running T-SQL in a database',
  'clock.advance': 'moving the clock',
  'settings.set': 'changing a simulation setting',
  'user.create': 'creating a user',
  'user.actAs': 'switching who you act as',
  'token.request': 'asking for a token',
  'target.call': 'calling a service',
  'app.create': 'registering an app',
  'appRole.assign': 'granting an app role',
  'appRole.unassign': 'revoking an app role',
  'app.secret.add': 'adding a client secret',
  'app.secret.remove': 'removing a client secret',
};

const VIA = { imds: 'IMDS', appService: 'the App Service token endpoint', clientCredentials: 'the client-credentials flow', connector: 'a connector' } as const;
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
