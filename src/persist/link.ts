// Share links: the sandbox travels in the URL fragment (never the query string, so it never reaches a
// server or its logs), deflated and base64url-encoded, with a hash tag at the end so that a cut-off,
// mistyped or altered link is refused before anything is applied.
//
//   #s=mis<version>.<payload>.<tag>
//   payload = base64url(deflate-raw(UTF-8 JSON of { scenario, base, cursor }))
//   tag     = base64url(first 8 bytes of SHA-256("mis<version>.<payload>"))
import { base64url } from 'jose';
import { SAVED_VERSION, checkSaved, upgrade, type SharedSandbox } from './saved.ts';

export const LINK_PARAM = 's';
const MAGIC = 'mis';
const TAG_BYTES = 8;
/** Longer values are refused unread; the encoder never makes one. */
export const MAX_LINK_LENGTH = 100_000;
/** The most JSON a link may inflate to: a cap against decompression bombs. */
export const MAX_INFLATED_BYTES = 2 * 1024 * 1024;

export type LinkProblem = 'not-a-link' | 'damaged' | 'tampered' | 'newer' | 'older' | 'too-large' | 'invalid';

export type LinkResult = { ok: true; sandbox: SharedSandbox } | { ok: false; reason: LinkProblem; message: string };

const MESSAGES: Record<Exclude<LinkProblem, 'invalid'>, string> = {
  'not-a-link': 'This is not a sandbox link.',
  damaged: 'This link is damaged or incomplete (it may have been cut off when it was copied). Copy the whole link and try again.',
  tampered: 'This link was changed after it was made (integrity check failed), so it was not opened.',
  newer: 'This link was made by a newer version of the sandbox. Reload the page to get the newest version, then open the link again.',
  older: 'This link is from an older version of the sandbox that this one can no longer open.',
  'too-large': 'This link holds more than the sandbox will open, so it was not opened.',
};

const fail = (reason: Exclude<LinkProblem, 'invalid'>): LinkResult => ({ ok: false, reason, message: MESSAGES[reason] });

export type LinkEncoding = { ok: true; value: string } | { ok: false; message: string };

/** The fragment value for a sandbox; put it in a URL with `shareUrl`. */
export async function encodeShareLink(sandbox: SharedSandbox): Promise<LinkEncoding> {
  const { scenario, base, cursor } = sandbox;
  const json = new TextEncoder().encode(JSON.stringify({ scenario, base, cursor }));
  const tooLarge = { ok: false, message: 'This sandbox is too large to share as a link; export it to a file instead.' } as const;
  if (json.length > MAX_INFLATED_BYTES) return tooLarge;
  const head = `${MAGIC}${SAVED_VERSION}.${base64url.encode(await deflate(json))}`;
  const value = `${head}.${await tag(head)}`;
  return value.length > MAX_LINK_LENGTH ? tooLarge : { ok: true, value };
}

/** Check and open a fragment value; nothing in it is trusted until the end. */
export async function decodeShareLink(value: string): Promise<LinkResult> {
  if (value.length > MAX_LINK_LENGTH) return fail('too-large');
  const version = /^mis(\d{1,6})\./.exec(value);
  if (!version) return /^(m|mi|mis\d*)?$/.test(value) ? fail('damaged') : fail('not-a-link');
  const from = Number(version[1]);
  if (from > SAVED_VERSION) return fail('newer');
  // (An older version with a different envelope would branch here; v1 is the only one so far.)
  const parts = value.split('.');
  if (parts.length !== 3) return fail('damaged');
  const [, payload = '', mark = ''] = parts;
  const bytes = strictBase64url(payload);
  if (!bytes?.length || strictBase64url(mark)?.length !== TAG_BYTES) return fail('damaged');
  if ((await tag(value.slice(0, value.lastIndexOf('.')))) !== mark) return fail('tampered');

  const inflated = await inflate(bytes, MAX_INFLATED_BYTES);
  if (inflated === 'too-large' || inflated === 'damaged') return fail(inflated);
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(inflated));
  } catch {
    return fail('damaged');
  }
  const upgraded = upgrade(data, from);
  if (!upgraded.ok) return fail(upgraded.reason);
  const checked = checkSaved(upgraded.data);
  if (!checked.ok) return { ok: false, reason: 'invalid', message: `The scenario inside the link is invalid: ${checked.problem}` };
  const { scenario, base, cursor } = checked.saved;
  return { ok: true, sandbox: { scenario, base, cursor } };
}

/** The share value in a URL or a fragment (`location.hash`), or null when there is none. */
export function readShareParam(urlOrHash: string): string | null {
  const hash = urlOrHash.includes('#') ? urlOrHash.slice(urlOrHash.indexOf('#') + 1) : urlOrHash;
  return new URLSearchParams(hash).get(LINK_PARAM);
}

/** `baseUrl` with its fragment replaced by the share value; the path and query are left as they are. */
export function shareUrl(baseUrl: string, value: string): string {
  const url = new URL(baseUrl);
  url.hash = `${LINK_PARAM}=${value}`;
  return url.href;
}

async function tag(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return base64url.encode(new Uint8Array(digest, 0, TAG_BYTES));
}

/** Decode base64url, refusing anything that does not re-encode to the same text (padding, spaces, stray bits). */
function strictBase64url(text: string): Uint8Array<ArrayBuffer> | null {
  try {
    const bytes = new Uint8Array(base64url.decode(text));
    return base64url.encode(bytes) === text ? bytes : null;
  } catch {
    return null;
  }
}

async function deflate(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Inflate at most `cap` bytes. The input goes in small slices, each written only when the output has
 * been read (backpressure), so a bomb is stopped after about `cap` bytes instead of filling memory.
 */
async function inflate(bytes: Uint8Array<ArrayBuffer>, cap: number): Promise<Uint8Array | 'too-large' | 'damaged'> {
  const { writable, readable } = new DecompressionStream('deflate-raw');
  const writer = writable.getWriter();
  const reader = readable.getReader();
  let stopped = false;
  const feeding = (async () => {
    for (let i = 0; i < bytes.length && !stopped; i += 1024) {
      await writer.ready;
      await writer.write(bytes.subarray(i, i + 1024));
    }
    if (!stopped) await writer.close();
  })().catch(() => {}); // a failure here shows up on the reading side too

  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > cap) {
        stopped = true;
        await reader.cancel().catch(() => {});
        await feeding;
        return 'too-large';
      }
      chunks.push(value);
    }
  } catch {
    stopped = true;
    await feeding;
    return 'damaged';
  }
  await feeding;
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
