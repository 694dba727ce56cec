// Share links: round trips, and every way a link can be wrong, detected before anything is applied.
import { base64url } from 'jose';
import { describe, expect, it } from 'vitest';
import { MAX_INFLATED_BYTES, MAX_LINK_LENGTH, decodeShareLink, encodeShareLink, readShareParam, shareUrl } from '../../../src/persist/link.ts';
import { loadEventOf, savedFrom, type SharedSandbox } from '../../../src/persist/saved.ts';
import { replay, type Action } from '../../../src/sim/index.ts';
import { TYPICAL, fingerprint, hostileScenario, loaded, typicalSandbox } from './fixtures.ts';

async function encoded(sandbox: SharedSandbox): Promise<string> {
  const result = await encodeShareLink(sandbox);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

// An independent implementation of the documented format, to craft links the encoder would never make.
async function seal(version: string, content: string | Uint8Array<ArrayBuffer>): Promise<string> {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  const deflated = new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer());
  return sealRaw(version, deflated);
}
async function sealRaw(version: string, deflated: Uint8Array<ArrayBuffer>): Promise<string> {
  const head = `mis${version}.${base64url.encode(deflated)}`;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(head));
  return `${head}.${base64url.encode(new Uint8Array(digest).slice(0, 8))}`;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('share links', () => {
  it('rebuild the same sandbox, every world byte for byte, with the redo future and the cursor', async () => {
    const c = await typicalSandbox();
    const value = await encoded(savedFrom(c));
    expect(value).toMatch(/^mis1\.[\w-]+\.[\w-]{11}$/);
    const decoded = await decodeShareLink(value);
    if (!decoded.ok) throw new Error(decoded.message);
    expect(fingerprint(await loaded(loadEventOf(decoded.sandbox)))).toBe(fingerprint(c));
  });

  it('keep hostile text as data, unchanged', async () => {
    const sandbox = { scenario: hostileScenario, base: 2, cursor: 4 };
    const value = await encoded(sandbox);
    expect(value).toMatch(/^[\w.-]+$/); // nothing in the URL needs escaping
    const decoded = await decodeShareLink(readShareParam(shareUrl('https://example.test/?lesson=1#old', value))!);
    expect(decoded).toStrictEqual({ ok: true, sandbox });
    const [a, b] = [await replay(hostileScenario), await replay((decoded as { sandbox: SharedSandbox }).sandbox.scenario)];
    expect(JSON.stringify(b.world)).toBe(JSON.stringify(a.world));
  });

  it('for a typical 30-action session, fit in a chat message', async () => {
    const c = await typicalSandbox();
    const value = await encoded(savedFrom(c));
    const json = JSON.stringify(savedFrom(c)).length;
    // A long session: 1,000 actions about 334 distinct VMs (repeating the same 30 would flatter deflate).
    const vm = (n: number) => `/resourceGroups/rg-shop/providers/Microsoft.Compute/virtualMachines/vm-${n}`;
    const kv = '/resourceGroups/rg-shop/providers/Microsoft.KeyVault/vaults/kv-shop-1';
    const actions = Array.from({ length: 1000 }, (_, i): Action => {
      const n = Math.floor(i / 3);
      if (i % 3 === 0) return { type: 'resource.create', kind: 'vm', resourceGroup: 'rg-shop', name: `vm-${n}` };
      if (i % 3 === 1) return { type: 'identity.system.enable', resourceId: vm(n) };
      return { type: 'roleAssignment.create', scope: kv, role: 'Key Vault Secrets User', assignee: vm(n) };
    });
    const thousand = await encoded({ scenario: { version: 1, seed: 'long', actions }, base: 0, cursor: 1000 });
    console.log(`share link: 30 actions -> ${value.length} characters (JSON ${json} bytes); 1,000 actions -> ${thousand.length} characters`);
    expect(value.length).toBeLessThan(1500);
    expect(thousand.length).toBeLessThan(MAX_LINK_LENGTH);
  });

  it('live in the fragment: the query string and path are left alone, other fragments replaced', () => {
    expect(shareUrl('https://example.test/learn/?lesson=2&lang=en#step-3', 'mis1.abc.def')).toBe('https://example.test/learn/?lesson=2&lang=en#s=mis1.abc.def');
    expect(readShareParam('#s=mis1.abc.def')).toBe('mis1.abc.def');
    expect(readShareParam('https://example.test/?s=query#x=1&s=mis1.a.b')).toBe('mis1.a.b');
    expect(readShareParam('https://example.test/?s=in-the-query')).toBe(null);
    expect(readShareParam('')).toBe(null);
    expect(readShareParam('#step-3')).toBe(null);
  });

  it('cut off anywhere: damaged or incomplete', async () => {
    const value = await encoded(savedFrom(await typicalSandbox()));
    for (let end = 0; end < value.length; end++) {
      const result = await decodeShareLink(value.slice(0, end));
      expect(result, `cut at ${end}`).toMatchObject({ ok: false, reason: 'damaged', message: expect.stringMatching(/cut off/) });
    }
  });

  it('one character changed anywhere: refused, as not a link, newer, tampered or damaged', async () => {
    const value = await encoded({ scenario: hostileScenario, base: 0, cursor: 7 });
    const reasons = new Map<string, number>();
    for (let i = 0; i < value.length; i++) {
      for (const sub of ['A', 'z', '0', '2', '_', '.']) {
        if (sub === value[i]) continue;
        const result = await decodeShareLink(value.slice(0, i) + sub + value.slice(i + 1));
        expect(result.ok, `${sub} at ${i}`).toBe(false);
        if (!result.ok) reasons.set(result.reason, (reasons.get(result.reason) ?? 0) + 1);
        if (!result.ok && i < 3) expect(result.reason).toBe('not-a-link');
        if (!result.ok && i === 3) expect(result.reason).toBe({ '0': 'tampered', '2': 'newer' }[sub] ?? 'not-a-link');
      }
    }
    expect([...reasons.keys()].sort()).toEqual(['damaged', 'newer', 'not-a-link', 'tampered']);
    expect(reasons.get('tampered')).toBeGreaterThan(value.length * 4); // most changes are caught by the tag
  });

  it('padding, spaces or stray bits in the base64url text are damage, not a second spelling', async () => {
    const value = await encoded({ scenario: hostileScenario, base: 0, cursor: 7 });
    const [magic, payload, mark] = value.split('.') as [string, string, string];
    expect(await decodeShareLink(`${magic}.${payload}==.${mark}`)).toMatchObject({ reason: 'damaged' });
    expect(await decodeShareLink(`${magic}.${payload.slice(0, 10)} ${payload.slice(10)}.${mark}`)).toMatchObject({ reason: 'damaged' });
    expect(await decodeShareLink(`${magic}.${payload}.${mark}=`)).toMatchObject({ reason: 'damaged' });
  });

  it('something else entirely: not a sandbox link', async () => {
    for (const value of ['hello', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.sig', 'https://example.test/#s=mis1.a.b', 'MIS1.abc.def', ' mis1.abc.def', 'misc.abc']) {
      expect(await decodeShareLink(value), value).toMatchObject({ ok: false, reason: 'not-a-link', message: 'This is not a sandbox link.' });
    }
  });

  it('from a newer version: says so, whatever follows', async () => {
    expect(await decodeShareLink('mis2.anything-at-all')).toMatchObject({ ok: false, reason: 'newer', message: expect.stringMatching(/newer version/) });
    expect(await decodeShareLink(await seal('17', '{}'))).toMatchObject({ reason: 'newer' });
  });

  it('from an older version there is no migration for: says so', async () => {
    const payload = JSON.stringify({ scenario: hostileScenario, base: 0, cursor: 0 });
    expect(await decodeShareLink(await seal('0', payload))).toMatchObject({ ok: false, reason: 'older', message: expect.stringMatching(/older version/) });
  });

  it('a well-sealed link with a bad scenario inside: the scenario problem, by its path', async () => {
    const bad = await seal('1', JSON.stringify({ scenario: { version: 1, seed: 's', actions: [{ type: 'teleport' }] }, base: 0, cursor: 0 }));
    expect(await decodeShareLink(bad)).toMatchObject({ ok: false, reason: 'invalid', message: expect.stringMatching(/^The scenario inside the link is invalid: actions\.0\.type/) });
    const cursor = await seal('1', JSON.stringify({ scenario: { version: 1, seed: 's', actions: [] }, base: 0, cursor: 3 }));
    expect(await decodeShareLink(cursor)).toMatchObject({ reason: 'invalid', message: expect.stringMatching(/cursor: 3 is more than/) });
    expect(await decodeShareLink(await seal('1', '[1, 2'))).toMatchObject({ reason: 'damaged' });
    expect(await decodeShareLink(await seal('1', new Uint8Array([0xff, 0xfe, 0x7b])))).toMatchObject({ reason: 'damaged' }); // not UTF-8
  });

  it('a well-sealed link whose compressed data is cut short or is not deflate: damaged', async () => {
    const full = await seal('1', JSON.stringify({ scenario: hostileScenario, base: 0, cursor: 0 }));
    const deflated = base64url.decode(full.split('.')[1]!);
    expect(await decodeShareLink(await sealRaw('1', new Uint8Array(deflated.slice(0, deflated.length - 5))))).toMatchObject({ reason: 'damaged' });
    expect(await decodeShareLink(await sealRaw('1', new Uint8Array([0xff, 0xff, 0xff, 0xff])))).toMatchObject({ reason: 'damaged' });
  });

  it('a decompression bomb is stopped at the cap, before it fills memory', async () => {
    const bomb = await seal('1', new Uint8Array(20 * MAX_INFLATED_BYTES)); // 40 MB of zeros in a ~40 KB link
    expect(bomb.length).toBeLessThan(MAX_LINK_LENGTH);
    const before = process.memoryUsage().arrayBuffers;
    const started = performance.now();
    expect(await decodeShareLink(bomb)).toMatchObject({ ok: false, reason: 'too-large', message: expect.stringMatching(/more than the sandbox will open/) });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(8 * MAX_INFLATED_BYTES);
  });

  it('a very long fragment is refused unread; the encoder never makes one', async () => {
    const started = performance.now();
    expect(await decodeShareLink(`mis1.${'A'.repeat(MAX_LINK_LENGTH)}.AAAAAAAAAAA`)).toMatchObject({ ok: false, reason: 'too-large' });
    // Unread: a length check, not a decode. The bound leaves room for a busy machine's pauses.
    expect(performance.now() - started).toBeLessThan(500);
    const huge = { scenario: { version: 1 as const, seed: 'big', actions: Array.from({ length: 20_000 }, () => TYPICAL[5]!) }, base: 0, cursor: 0 };
    const refusal = { ok: false, message: 'This sandbox is too large to share as a link; export it to a file instead.' };
    expect(await encodeShareLink(huge)).toEqual(refusal); // over 2 MB of JSON
    const noise = () => base64url.encode(crypto.getRandomValues(new Uint8Array(1500)));
    const random = Array.from({ length: 60 }, (): Action => ({ type: 'keyVault.secret.set', vaultId: 'kv', name: 'n', value: noise() }));
    expect(await encodeShareLink({ scenario: { version: 1, seed: 'noise', actions: random }, base: 0, cursor: 0 })).toEqual(refusal); // under 2 MB, but too long a link
  });
});
