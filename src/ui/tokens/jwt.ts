// Reading a JWT for display: its header and claims, decoded but not verified. Verifying is the targets'
// job (and the learner's, with the tenant's JWKS); this only has to cope with anything pasted into it.

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** The three base64url parts as given: header, payload, signature. */
  parts: [string, string, string];
}

export type Decoded = ({ ok: true } & DecodedJwt) | { ok: false; problem: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

function base64urlDecode(part: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(part)) return null;
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (part.length % 4)) % 4);
  try {
    return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

function jsonObject(part: string): Record<string, unknown> | null {
  const bytes = base64urlDecode(part);
  if (!bytes) return null;
  try {
    const value = JSON.parse(utf8.decode(bytes)) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Decode a compact JWS (`header.payload.signature`); a `Bearer ` prefix is tolerated. */
export function decodeJwt(text: string): Decoded {
  const token = text.trim().replace(/^bearer\s+/i, '');
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, problem: `A JWT has three parts separated by dots; this has ${parts.length}.` };
  const header = jsonObject(parts[0]!);
  if (!header) return { ok: false, problem: 'The first part (header) is not base64url-encoded JSON.' };
  const payload = jsonObject(parts[1]!);
  if (!payload) return { ok: false, problem: 'The second part (claims) is not base64url-encoded JSON.' };
  return { ok: true, header, payload, parts: parts as [string, string, string] };
}
