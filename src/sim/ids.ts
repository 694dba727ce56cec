// Seeded identifiers. The generator's whole state is one 32-bit number kept in the world, so
// apply() stays pure: the same seed and actions always produce the same GUIDs.

/** Hash any string seed into a 32-bit starting state (cyrb53-style mixing, low 32 bits). */
export function seedState(seed: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < seed.length; i++) {
    const ch = seed.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  return h1 >>> 0;
}

/** One step of mulberry32: returns the next state and a 32-bit output. */
function next(state: number): [number, number] {
  const s = (state + 0x6d2b79f5) >>> 0;
  let t = s;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return [s, (t ^ (t >>> 14)) >>> 0];
}

const hex8 = (n: number) => n.toString(16).padStart(8, '0');

/** A version-4-shaped GUID (lowercase, as Azure prints them) and the generator's next state. */
export function nextGuid(state: number): [guid: string, state: number] {
  let s = state;
  const words: number[] = [];
  for (let i = 0; i < 4; i++) {
    const [ns, out] = next(s);
    s = ns;
    words.push(out);
  }
  const [w0, w1, w2, w3] = words as [number, number, number, number];
  const h = hex8(w0) + hex8(((w1 & 0xffff0fff) | 0x4000) >>> 0) + hex8(((w2 & 0x3fffffff) | 0x80000000) >>> 0) + hex8(w3);
  return [`${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`, s];
}

/** `count` random bytes from the generator, for opaque values such as the token id `uti`. */
export function nextBytes(state: number, count: number): [bytes: Uint8Array, state: number] {
  const out = new Uint8Array(count);
  let s = state;
  for (let i = 0; i < count; i += 4) {
    const [ns, word] = next(s);
    s = ns;
    for (let b = 0; b < 4 && i + b < count; b++) out[i + b] = (word >>> (8 * b)) & 0xff;
  }
  return [out, s];
}

export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
