// What a target checks on the bearer token it is given, one check at a time, with jose against the
// tenant's published keys. The order follows Microsoft.IdentityModel (signature, then lifetime, then
// audience and issuer); which check a real service makes first is not documented.
import { base64url, compactVerify } from 'jose';
import { header } from '../http.ts';
import type { TokenCheck } from '../outcome.ts';
import type { World } from '../world.ts';
import { issuerOf, jwksOf, publicKey, v2IssuerOf } from './authority.ts';

export interface Expectations {
  /** Audiences the target accepts (compared without case). */
  audiences: string[];
}

export interface Inspection {
  checks: TokenCheck[];
  /** The first check that failed; undefined when the token passed them all. */
  failed?: TokenCheck;
  /** The token's claims, once it could be decoded. */
  claims?: Record<string, unknown>;
  header?: Record<string, unknown>;
}

const decoder = new TextDecoder();

function decodePart(part: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(decoder.decode(base64url.decode(part))) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The bearer token of a request: `Authorization: Bearer <token>` (the scheme is case-insensitive).
 * Whitespace around it is trimmed, as servers trim header values; whitespace inside it (a line break
 * from pasting) stays, so the token is reported as malformed rather than missing.
 */
export function bearerOf(headers: Record<string, string>): string | undefined {
  const m = /^\s*bearer\s+([\s\S]*?)\s*$/i.exec(header(headers, 'Authorization') ?? '');
  return m?.[1] ? m[1] : undefined;
}

const iso = (epoch: number) => new Date(epoch * 1000).toISOString().replace('.000Z', 'Z');

export async function inspect(world: World, headers: Record<string, string>, expect: Expectations): Promise<Inspection> {
  const checks: TokenCheck[] = [];
  const out: Inspection = { checks };
  const check = (name: TokenCheck['name'], ok: boolean, detail: string): boolean => {
    const c = { name, ok, detail };
    checks.push(c);
    if (!ok) out.failed = c;
    return ok;
  };

  const jwt = bearerOf(headers);
  if (!check('present', jwt !== undefined, jwt !== undefined ? 'A bearer token is attached.' : 'The request has no `Authorization: Bearer <token>` header.')) return out;
  const broken = /\s/.test(jwt!);
  const parts = jwt!.split('.');
  const head = !broken && parts.length === 3 ? decodePart(parts[0]!) : null;
  const claims = head ? decodePart(parts[1]!) : null;
  const formatDetail = broken
    ? 'The token holds a line break or a space (perhaps from pasting it): a JWT is one unbroken string of three base64url parts.'
    : head && claims
      ? 'The token is a JWT: header.payload.signature, base64url-encoded JSON.'
      : 'The token is not a well-formed JWT (three base64url parts, the first two JSON).';
  if (!check('format', !!head && !!claims, formatDetail)) return out;
  out.header = head!;
  out.claims = claims!;

  const alg = head!.alg;
  if (!check('algorithm', alg === 'RS256', alg === 'RS256' ? 'Signed with RS256, the algorithm Entra ID uses.' : `The header says alg '${String(alg)}'; only RS256 signatures from Entra ID are accepted${alg === 'none' ? ' (an unsigned token proves nothing)' : ''}.`)) return out;

  const jwk = jwksOf(world).keys.find((k) => k.kid === head!.kid);
  let signed = false;
  if (jwk) {
    try {
      await compactVerify(jwt!, await publicKey(jwk), { algorithms: ['RS256'] });
      signed = true;
    } catch {
      signed = false;
    }
  }
  if (
    !check(
      'signature',
      signed,
      signed
        ? `The signature verifies with the tenant's published key '${jwk!.kid}'.`
        : jwk
          ? `The signature does not verify with the tenant's key '${jwk.kid}': the token was changed after it was signed, or signed with another key.`
          : head!.kid === undefined
            ? "The token's header names no key (it has no kid), so the service cannot find a published key of the tenant to check the signature with."
            : `The tenant publishes no key with kid '${String(head!.kid)}': the token was not signed by this tenant.`,
    )
  ) {
    return out;
  }

  const now = world.now;
  const nbf = typeof claims!.nbf === 'number' ? claims!.nbf : undefined;
  if (!check('notBefore', nbf === undefined || now >= nbf, nbf === undefined ? 'The token has no nbf claim.' : now >= nbf ? `Valid since ${iso(nbf)}.` : `Not valid before ${iso(nbf)}; the sandbox clock says ${iso(now)}.`)) return out;
  const exp = typeof claims!.exp === 'number' ? claims!.exp : undefined;
  if (!check('expiry', exp !== undefined && now < exp, exp === undefined ? 'The token has no exp claim.' : now < exp ? `Valid until ${iso(exp)}.` : `Expired at ${iso(exp)}; the sandbox clock says ${iso(now)}.`)) return out;

  const aud = String(claims!.aud ?? '');
  const audOk = expect.audiences.some((a) => a.toLowerCase() === aud.toLowerCase());
  if (!check('audience', audOk, audOk ? `The audience '${aud}' is this service.` : `The token is for '${aud}', but this service accepts ${expect.audiences.map((a) => `'${a}'`).join(' or ')}.`)) return out;

  const iss = String(claims!.iss ?? '');
  const issuers = [issuerOf(world), v2IssuerOf(world)];
  check('issuer', issuers.includes(iss), issuers.includes(iss) ? `Issued by this tenant (${iss}).` : `Issued by '${iss}', not by this tenant (${issuers[0]}).`);
  return out;
}
