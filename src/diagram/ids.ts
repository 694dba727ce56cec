// Mermaid ids for the things a diagram draws. An id is a hash of the entity's own key (object id or
// lowercased ARM id), written `n` + base-36 digits: the same entity gets the same id in every state, so
// consecutive diagram texts differ only where the world did, and no character of a name ever reaches
// the syntax as an identifier.

/** FNV-1a, 32 bits: tiny, deterministic, spreads short similar keys well. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class NodeIds {
  private byKey = new Map<string, string>();
  private taken = new Set<string>();

  constructor(private readonly prefix = 'n') {}

  /** The id of an entity key; a (rare) hash collision is resolved by rehashing, in call order. */
  of(key: string): string {
    const known = this.byKey.get(key);
    if (known) return known;
    let id = `${this.prefix}${fnv1a(key).toString(36)}`;
    for (let salt = 1; this.taken.has(id); salt++) id = `${this.prefix}${fnv1a(`${key}\u0000${salt}`).toString(36)}`;
    this.byKey.set(key, id);
    this.taken.add(id);
    return id;
  }
}
