// The simulated Entra authority: the tenant's signing keys, the documents it publishes (JWKS and the
// OpenID discovery document) and RS256 signing. Everything published is a pure function of the world,
// so the UI can show it and any JWT library can verify a sandbox token against it.
import { CompactSign, importJWK, type JWK } from 'jose';
import { seedState } from '../ids.ts';
import type { World } from '../world.ts';
import { LOGIN } from './environment.ts';
import pool from './signing-keys.json' with { type: 'json' };

export interface SigningKey {
  /** Base64url SHA-1 thumbprint of the certificate: Entra uses it as both `kid` and `x5t`. */
  kid: string;
  /** The certificate chain, base64 DER (one self-signed certificate). */
  x5c: string[];
  jwk: JWK;
}

export const KEY_POOL: readonly SigningKey[] = pool.keys as SigningKey[];


/** The v1.0 issuer: what `iss` and `idp` hold in every token the sandbox issues. */
export function issuerOf(world: World): string {
  return `https://sts.windows.net/${world.tenant.id}/`;
}

/** The v2.0 issuer, as Entra tags its published keys. */
export function v2IssuerOf(world: World): string {
  return `${LOGIN}/${world.tenant.id}/v2.0`;
}

/**
 * The tenant's keys: the one it signs with, then a second one it also publishes (Entra always lists
 * more than one key, which is why a verifier must pick by `kid`). Chosen from the pool by tenant id.
 */
export function tenantKeys(world: World): { active: SigningKey; published: SigningKey[] } {
  const first = seedState(world.tenant.id) % KEY_POOL.length;
  const active = KEY_POOL[first]!;
  const second = KEY_POOL[(first + 1) % KEY_POOL.length]!;
  return { active, published: [active, second] };
}

export interface PublishedJwk {
  kty: 'RSA';
  use: 'sig';
  kid: string;
  x5t: string;
  n: string;
  e: string;
  x5c: string[];
  issuer: string;
}

/** https://login.microsoftonline.com/<tid>/discovery/keys, in Entra's field order. */
export function jwksOf(world: World): { keys: PublishedJwk[] } {
  return {
    keys: tenantKeys(world).published.map((k) => ({
      kty: 'RSA',
      use: 'sig',
      kid: k.kid,
      x5t: k.kid,
      n: k.jwk.n!,
      e: k.jwk.e!,
      x5c: k.x5c,
      issuer: v2IssuerOf(world),
    })),
  };
}

export function discoveryUrl(world: World): string {
  return `${LOGIN}/${world.tenant.id}/.well-known/openid-configuration`;
}

export function jwksUrl(world: World): string {
  return `${LOGIN}/${world.tenant.id}/discovery/keys`;
}

export function tokenEndpointOf(world: World): string {
  return `${LOGIN}/${world.tenant.id}/oauth2/token`;
}

/** The v1.0 OpenID discovery document (the subset of fields a verifier uses, with Entra's values). */
export function discoveryOf(world: World) {
  const t = world.tenant.id;
  return {
    token_endpoint: tokenEndpointOf(world),
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: jwksUrl(world),
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'token id_token', 'token'],
    scopes_supported: ['openid'],
    issuer: issuerOf(world),
    authorization_endpoint: `${LOGIN}/${t}/oauth2/authorize`,
    device_authorization_endpoint: `${LOGIN}/${t}/oauth2/devicecode`,
    end_session_endpoint: `${LOGIN}/${t}/oauth2/logout`,
    userinfo_endpoint: `${LOGIN}/${t}/openid/userinfo`,
    tenant_region_scope: 'EU',
    cloud_instance_name: 'microsoftonline.com',
    msgraph_host: 'graph.microsoft.com',
  };
}

// Imported CryptoKeys live in module memory, not in the world: the world stays plain JSON, and each key
// is imported once per page or process.
const privateKeys = new Map<string, Promise<CryptoKey>>();
const publicKeys = new Map<string, Promise<CryptoKey>>();

function privateKey(k: SigningKey): Promise<CryptoKey> {
  let p = privateKeys.get(k.kid);
  if (!p) {
    p = importJWK(k.jwk, 'RS256') as Promise<CryptoKey>;
    privateKeys.set(k.kid, p);
  }
  return p;
}

/** The public key of a published JWK, imported once. */
export function publicKey(jwk: PublishedJwk): Promise<CryptoKey> {
  let p = publicKeys.get(jwk.kid);
  if (!p) {
    p = importJWK({ kty: jwk.kty, n: jwk.n, e: jwk.e }, 'RS256') as Promise<CryptoKey>;
    publicKeys.set(jwk.kid, p);
  }
  return p;
}

/** Import the tenant's keys ahead of the first token (benchmarks and a page that wants no first-use pause). */
export async function warmUp(world: World): Promise<void> {
  const { active } = tenantKeys(world);
  await privateKey(active);
  await Promise.all(jwksOf(world).keys.map(publicKey));
}

const encoder = new TextEncoder();

/**
 * Sign claims as Entra does: RS256 with the header `{typ, alg, x5t, kid}` in that order. The payload is
 * serialized here, so claim order is exactly the order of `claims` (PKCS#1 v1.5 is deterministic, so
 * the same world gives the same token, byte for byte).
 */
export async function sign(world: World, claims: Record<string, unknown>, key: SigningKey = tenantKeys(world).active): Promise<string> {
  return new CompactSign(encoder.encode(JSON.stringify(claims)))
    .setProtectedHeader({ typ: 'JWT', alg: 'RS256', x5t: key.kid, kid: key.kid })
    .sign(await privateKey(key));
}
