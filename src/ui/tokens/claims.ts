// What each part of an access token means, in one line, and where a token stands on the sandbox clock.
import { formatTime, relative } from '../format.ts';

/** One-line explanations of the header fields Entra ID writes. */
export const HEADER_INFO: Record<string, string> = {
  typ: 'Type of the token: a JWT.',
  alg: 'Signature algorithm: RS256, an RSA signature over SHA-256. Targets accept nothing else.',
  x5t: 'Thumbprint of the signing certificate; in v1.0 tokens the same as kid.',
  kid: 'Which of the tenant’s published keys (its JWKS) verifies the signature.',
};

/** One-line explanations of the claims of a v1.0 access token (fact sheet §3). */
export const CLAIM_INFO: Record<string, string> = {
  aud: 'Audience: the service this token is for. Any other service rejects it (Key Vault with AKV10022).',
  iss: 'Issuer: the tenant’s token service that signed it (v1.0: https://sts.windows.net/<tenant id>/).',
  iat: 'Issued at. Managed identity tokens date it 5 minutes back, like nbf.',
  nbf: 'Not before: the token is not valid until this time.',
  exp: 'Expires: not valid from this time on. Managed identity tokens live 24 h 5 min, and the platform caches them.',
  aio: 'Opaque data Entra ID uses internally. Ignore it.',
  appid: 'Client (application) id of the caller: the managed identity’s client id, what code selects it by.',
  appidacr: 'How the client proved itself: 0 no credential, 1 a client secret, 2 a certificate (what managed identities use, held by the platform).',
  idp: 'Identity provider that authenticated the caller: the same tenant for a managed identity or an app.',
  idtyp: 'Identity type: app (a service principal, such as a managed identity), not a user.',
  oid: 'Object id of the caller’s service principal: the principal id role assignments name.',
  rh: 'Opaque data Entra ID uses to revalidate tokens. Ignore it.',
  roles: 'App roles the caller holds on this API. Fixed when the token is issued: a role granted later needs a new token.',
  sub: 'Subject: the principal the token is about; for an app or managed identity, the same as oid.',
  tid: 'Tenant (directory) id the caller belongs to.',
  uti: 'Unique token id, Entra ID’s identifier for this one token.',
  ver: 'Token format version: 1.0, which managed identity tokens for Azure services use.',
  xms_az_rid: 'ARM id of the Azure resource whose code asked for the token (undocumented; lowercase resourcegroups as observed).',
  xms_mirid: 'ARM id of the managed identity used: the resource itself for system-assigned, the identity for user-assigned (undocumented).',
};

export const TIME_CLAIMS = new Set(['iat', 'nbf', 'exp']);

/** Where a token for an app registration's client secret differs from a managed identity's. */
const APP_CLAIM_INFO: Record<string, string> = {
  iat: 'Issued at.',
  exp: 'Expires: a token from the client-credentials flow lives about an hour; the app asks again with its secret, as long as the secret is valid.',
  appid: 'Client (application) id of the app registration that signed in with its client secret.',
};

/** A token an app got with its client secret (appidacr 1), as opposed to a managed identity's. */
export const isAppSecretToken = (payload: Record<string, unknown>) => payload.appidacr === '1' && payload.xms_mirid === undefined;

/** What a claim means; `payload` tells a managed identity's token from an app's. */
export function explainClaim(name: string, payload: Record<string, unknown> = {}): string {
  if (isAppSecretToken(payload) && APP_CLAIM_INFO[name]) return APP_CLAIM_INFO[name];
  return CLAIM_INFO[name] ?? 'Not one of the claims Entra ID puts in a managed identity token.';
}

/** A claim's value as text: strings as they are, everything else as JSON. */
export function claimText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A time claim in words: when, and how far from the sandbox clock ("in 23 h 55 min", "5 min ago"). */
export function timeWords(epoch: number, now: number): { when: string; relative: string } {
  return { when: formatTime(epoch), relative: epoch === now ? 'now' : relative(epoch - now) };
}

/** "Expires in 3 d", "Expired 4 min ago", "Expired just now": a deadline on the sandbox clock. */
export function expiryWords(end: number, now: number): string {
  if (now < end) return `Expires ${relative(end - now)}`;
  return now === end ? 'Expired just now' : `Expired ${relative(end - now)}`;
}

export interface Validity {
  state: 'valid' | 'expired' | 'notYetValid' | 'unknown';
  /** In words, on the sandbox clock. */
  text: string;
}

/** Where a token stands at `now`: valid while nbf <= now < exp, as the targets check it. */
export function validity(payload: Record<string, unknown>, now: number): Validity {
  const exp = typeof payload.exp === 'number' ? payload.exp : undefined;
  const nbf = typeof payload.nbf === 'number' ? payload.nbf : undefined;
  if (exp === undefined) return { state: 'unknown', text: 'No exp claim: no service accepts it.' };
  if (nbf !== undefined && now < nbf) return { state: 'notYetValid', text: `Not valid yet: valid from ${formatTime(nbf)} (${relative(nbf - now)}).` };
  if (now >= exp) return { state: 'expired', text: `${expiryWords(exp, now)} (${formatTime(exp)}).` };
  return { state: 'valid', text: `Valid: ${relative(exp - now).replace(/^in /, '')} left on the sandbox clock.` };
}

export const VALIDITY_WORDS: Record<Validity['state'], string> = { valid: 'Valid', expired: 'Expired', notYetValid: 'Not yet valid', unknown: 'No expiry' };
