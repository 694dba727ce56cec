// Issuing access tokens: the v1.0 claims Entra puts in a managed identity's (or an app's) token, the
// platform token cache, and the record the world keeps of every token.
import { own } from '../table.ts';
import { base64url } from 'jose';
import { lowerRgSegment } from '../arm.ts';
import type { Draft } from '../draft.ts';
import type { Application, IssuedToken, ServicePrincipal, World } from '../world.ts';
import { issuerOf, sign } from './authority.ts';

/** Observed managed identity tokens: nbf = iat = 5 minutes before issue, exp = 24 h after (86,700 s in all). */
export const MI_CLOCK_SKEW = 300;
export const MI_LIFETIME = 86400;
/** Client-credentials tokens: `expires_in` "3599" (Entra varies app token lifetimes between 60 and 90 minutes). */
export const APP_LIFETIME = 3599;
/** The platform cache hands out the same token while more than this is left of it (simplified). */
export const CACHE_MIN_REMAINING = 300;

export interface Grant {
  principal: ServicePrincipal;
  via: IssuedToken['via'];
  /** The `resource` exactly as requested: it becomes `aud`. */
  resource: string;
  /** Your own API, when the resource is one: the principal's app roles on it become `roles`. */
  api?: Application;
  /** Managed identities: the resource whose code asked (xms_az_rid) and the identity's resource (xms_mirid). */
  requestedBy?: string;
  identityResource?: string;
}

export interface Issued {
  token: IssuedToken;
  cached: boolean;
}

/** The values of the app roles the principal holds on an API, as the `roles` claim lists them. */
export function rolesOn(world: World, principalId: string, api: Application): string[] {
  const values: string[] = [];
  for (const a of Object.values(world.appRoleAssignments)) {
    if (a.principalId !== principalId || a.resourceId !== api.servicePrincipalId) continue;
    const role = api.appRoles.find((r) => r.id === a.appRoleId && r.isEnabled);
    if (role && !values.includes(role.value)) values.push(role.value);
  }
  return values;
}

/** The platform cache is per requesting resource (each host's endpoint keeps its own), identity and resource. */
export function cacheKey(requestedBy: string, principalId: string, resource: string): string {
  return `${requestedBy.toLowerCase()} ${principalId} ${resource}`;
}

function base64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

/** Issue a token for a grant, or hand back the platform's cached one. Records it in the world. */
export async function issue(d: Draft, g: Grant): Promise<Issued> {
  const world = d.world;
  const managed = g.via !== 'clientCredentials';
  const key = managed && g.requestedBy ? cacheKey(g.requestedBy, g.principal.id, g.resource) : undefined;
  if (key && world.settings.tokenCache) {
    const hit = own(world.tokens, own(world.tokenCache, key) ?? '');
    if (hit && hit.expiresOn - world.now > CACHE_MIN_REMAINING) return { token: hit, cached: true };
  }

  const iat = world.now - MI_CLOCK_SKEW;
  const exp = world.now + (managed ? MI_LIFETIME : APP_LIFETIME);
  const roles = g.api ? rolesOn(world, g.principal.id, g.api) : [];
  const uti = base64url.encode(d.bytes(16));
  // Claim order as Entra emits them: the five registered claims, then the rest alphabetically.
  const claims: Record<string, unknown> = {
    aud: g.resource,
    iss: issuerOf(world),
    iat,
    nbf: iat,
    exp,
    aio: base64(d.bytes(23)),
    appid: g.principal.appId,
    appidacr: managed ? '2' : '1',
    idp: issuerOf(world),
    idtyp: 'app',
    oid: g.principal.id,
    rh: `0.A${base64url.encode(d.bytes(48))}.`,
    ...(roles.length ? { roles } : {}),
    sub: g.principal.id,
    tid: world.tenant.id,
    uti,
    ver: '1.0',
    ...(g.requestedBy ? { xms_az_rid: lowerRgSegment(g.requestedBy) } : {}),
    ...(g.identityResource ? { xms_mirid: lowerRgSegment(g.identityResource) } : {}),
  };
  const token: IssuedToken = {
    uti,
    jwt: await sign(world, claims),
    principalId: g.principal.id,
    clientId: g.principal.appId,
    audience: g.resource,
    issuedAt: iat,
    notBefore: iat,
    expiresOn: exp,
    via: g.via,
    ...(g.requestedBy ? { requestedBy: g.requestedBy } : {}),
    ...(roles.length ? { roles } : {}),
  };
  d.table('tokens')[uti] = token;
  if (key) d.table('tokenCache')[key] = uti;
  d.mark('created', uti);
  return { token, cached: false };
}
