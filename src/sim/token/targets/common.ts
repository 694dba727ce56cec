// What every target shares: the answer shape, the caller a token names, and the reason words for a
// failed token check.
import { own } from '../../table.ts';
import type { Draft } from '../../draft.ts';
import type { HttpResponse } from '../../http.ts';
import type { CallResult, Hop, TokenCheck } from '../../outcome.ts';
import type { Inspection } from '../verify.ts';

/**
 * A target's token checks (verify.ts), loaded on its first call: they bring jose and the signing keys,
 * which the registry's words, forms and diagram labels, read on every page load, do not need.
 */
export async function inspect(...args: Parameters<typeof import('../verify.ts').inspect>): Promise<Inspection> {
  const { inspect: check } = await import('../verify.ts');
  return check(...args);
}

export interface TargetAnswer {
  response: HttpResponse;
  call: CallResult;
  /** Hops inside the target (to RBAC and back); the call's own request and response hops are added around them. */
  hops: Hop[];
}

export interface Caller {
  appid: string;
  oid: string;
  iss: string;
  mirid?: string;
  azRid?: string;
  roles: string[];
}

export function callerOf(claims: Record<string, unknown>): Caller {
  const s = (k: string) => (typeof claims[k] === 'string' ? (claims[k] as string) : undefined);
  return {
    appid: s('appid') ?? '',
    oid: s('oid') ?? '',
    iss: s('iss') ?? '',
    ...(s('xms_mirid') ? { mirid: s('xms_mirid')! } : {}),
    ...(s('xms_az_rid') ? { azRid: s('xms_az_rid')! } : {}),
    roles: Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [],
  };
}

/** Whether the principal a token names still exists, in words for the reason. */
export function principalNote(d: Draft, oid: string): string {
  if (own(d.world.servicePrincipals, oid)) return '';
  const gone = own(d.world.deletedPrincipals, oid);
  return gone
    ? ` The identity '${gone.displayName}' has been deleted, but a token issued before that stays valid until it expires, and role assignments still name its principal id.`
    : '';
}

const CHECK_WORDS: Record<TokenCheck['name'], string> = {
  present: 'No token was sent',
  format: 'The token is not a JWT',
  algorithm: 'The token is not signed with RS256',
  signature: 'The token\'s signature does not verify',
  notBefore: 'The token is not valid yet',
  expiry: 'The token has expired',
  audience: 'The token was issued for another service',
  issuer: 'The token comes from another tenant',
  role: 'The token lacks the app role this call needs',
};

/** The plain-words reason for a rejected token. */
export function rejection(failed: TokenCheck): string {
  return `${CHECK_WORDS[failed.name]}: ${failed.detail}`;
}

export function callBase(target: CallResult['target'], inspection: Inspection, resourceId?: string): Pick<CallResult, 'target' | 'checks' | 'resourceId' | 'principalId'> {
  const oid = typeof inspection.claims?.oid === 'string' ? inspection.claims.oid : undefined;
  // The principal the token names, even when a check failed: the diagrams say whose token it was.
  return { target, checks: inspection.checks, ...(resourceId ? { resourceId } : {}), ...(oid ? { principalId: oid } : {}) };
}

/** .NET's invariant-culture time as ARM prints it: "3/5/2025 1:40:20 AM". */
export function dotnetUtc(epoch: number): string {
  const t = new Date(epoch * 1000);
  const h = t.getUTCHours();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${t.getUTCMonth() + 1}/${t.getUTCDate()}/${t.getUTCFullYear()} ${h % 12 || 12}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}
