// What a request to the endpoint means in the simulated world. A token request becomes the sandbox's own
// `token.request` action, sent from the resource the endpoint runs as, to the address that resource's
// code would use on Azure (IMDS, or its IDENTITY_ENDPOINT); a call to a service becomes `target.call`.
// So the answers come from the same src/sim code the browser runs: there is no second implementation.
// Only the tenant's published documents (discovery, keys) are read straight from the world, with the
// local addresses put where Entra's would be.
import type { Action, World } from '../src/sim/index.ts';
import { getResource, isSource, KINDS } from '../src/sim/index.ts';
import { discoveryOf, jwksOf } from '../src/sim/token/authority.ts';
import { IMDS_HOST, IMDS_TOKEN_PATH, localEndpointOf, LOGIN } from '../src/sim/token/environment.ts';

/** A request as it reached the endpoint, in plain data. */
export interface Incoming {
  method: string;
  /** Path and query, as sent. */
  path: string;
  /** Header names as the client wrote them. */
  headers: Record<string, string>;
  body?: string;
  /** The host a proxy tunnel was opened to (kv-demo-1.vault.azure.net); undefined for direct requests. */
  tunnelHost?: string;
}

export type Route =
  | { kind: 'action'; action: Action; service: string }
  | { kind: 'document'; status: number; body: unknown }
  | { kind: 'none' };

/** Headers that belong to this hop, not to the request the code meant: left out of the simulated request. */
const HOP_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'te', 'upgrade', 'accept-encoding']);

export function requestHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !HOP_HEADERS.has(k.toLowerCase())));
}

/** Services reached through a tunnel, by host name: what the simulated DNS would answer for. */
export function isSimulatedHost(world: World, host: string): boolean {
  const h = host.toLowerCase();
  if (/^[a-z0-9-]+\.vault\.azure\.net$/.test(h) || /^[a-z0-9]+\.blob\.core\.windows\.net$/.test(h)) return true;
  if (h === 'management.azure.com' || h === 'login.microsoftonline.com') return true;
  return Object.values(world.applications).some((a) => {
    if (!a.api) return false;
    try {
      return new URL(a.api.url).hostname.toLowerCase() === h;
    } catch {
      return false;
    }
  });
}

/** The tenant's documents with the endpoint's own addresses where Entra's would be. */
function tenantDocument(world: World, path: string, origin: string): Route | null {
  const m = /^\/([^/?#]+)\/(\.well-known\/openid-configuration|v2\.0\/\.well-known\/openid-configuration|discovery\/keys|discovery\/v2\.0\/keys)$/.exec(path);
  if (!m) return null;
  const tenant = decodeURIComponent(m[1]!).toLowerCase();
  if (tenant !== world.tenant.id && tenant !== world.tenant.defaultDomain.toLowerCase() && !(tenant === 'common' && m[2]!.includes('keys'))) {
    return { kind: 'document', status: 400, body: { error: 'invalid_tenant', error_description: `AADSTS90002: Tenant '${m[1]}' not found. The sandbox has one tenant: ${world.tenant.id}.` } };
  }
  if (m[2]!.includes('keys')) return { kind: 'document', status: 200, body: jwksOf(world) };
  const doc = discoveryOf(world);
  const local = (url: string) => url.replace(LOGIN, origin);
  return {
    kind: 'document',
    status: 200,
    body: { ...doc, token_endpoint: local(doc.token_endpoint), jwks_uri: local(doc.jwks_uri), authorization_endpoint: local(doc.authorization_endpoint), device_authorization_endpoint: local(doc.device_authorization_endpoint), end_session_endpoint: local(doc.end_session_endpoint) },
  };
}

/**
 * Map a request to what it means. `as` is the resource the code runs as; `origin` is the endpoint's own
 * https origin (for documents that name addresses).
 */
export function route(world: World, as: string, r: Incoming, origin: string): Route {
  const [pathname] = r.path.split('?') as [string];
  const search = r.path.slice(pathname.length);
  const headers = requestHeaders(r.headers);
  const body = r.body !== undefined && r.body !== '' ? { body: r.body } : {};
  const host = r.tunnelHost?.toLowerCase();

  // Entra: the tenant's documents and its token endpoint (client credentials, from outside Azure).
  if (host === undefined || host === 'login.microsoftonline.com') {
    const doc = tenantDocument(world, pathname, host ? LOGIN : origin);
    if (doc) return doc;
    if (/^\/[^/]+\/oauth2\/token$/.test(pathname)) {
      return { kind: 'action', service: 'Entra ID', action: { type: 'token.request', request: { method: r.method, url: `${LOGIN}${r.path}`, headers, ...body } } };
    }
  }
  if (host === undefined) {
    const source = getResource(world, as);
    // IMDS: MSAL appends the path to AZURE_POD_IDENTITY_AUTHORITY_HOST (with a trailing slash).
    if (pathname === IMDS_TOKEN_PATH || pathname === `${IMDS_TOKEN_PATH}/`) {
      return { kind: 'action', service: 'IMDS', action: { type: 'token.request', from: as, request: { method: r.method, url: `http://${IMDS_HOST}${r.path}`, headers, ...body } } };
    }
    if (/^\/msi\/token\/?$/.test(pathname)) {
      const local = isSource(source) ? localEndpointOf(source) : undefined;
      // A VM has no such endpoint: the request goes to App Service's address, where nothing answers.
      const url = `${local ?? 'http://169.254.129.7:8081/msi/token'}${search}`;
      return { kind: 'action', service: isSource(source) ? `${KINDS[source.kind].noun} token service` : 'token service', action: { type: 'token.request', from: as, request: { method: r.method, url, headers, ...body } } };
    }
    // A service by its address under /azure/<host>/...: the same call as through the tunnel.
    const m = /^\/azure\/([a-z0-9.-]+)(\/.*)?$/i.exec(r.path);
    if (m && isSimulatedHost(world, m[1]!)) {
      return { kind: 'action', service: m[1]!, action: { type: 'target.call', from: as, request: { method: r.method, url: `https://${m[1]!.toLowerCase()}${m[2] ?? '/'}`, headers, ...body } } };
    }
    return { kind: 'none' };
  }
  return { kind: 'action', service: host, action: { type: 'target.call', from: as, request: { method: r.method, url: `https://${host}${r.path}`, headers, ...body } } };
}
