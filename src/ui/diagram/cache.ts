// A least-recently-used map from diagram text to SVG, bounded by entry count and total size, so a
// state seen before (undo, redo, a timeline jump) is shown without asking Mermaid again.

export interface SvgEntry {
  svg: string;
  /** The id Mermaid gave the SVG (it prefixes every id and CSS rule inside). */
  id: string;
}

export class SvgCache {
  private entries = new Map<string, SvgEntry>();
  private size = 0;

  constructor(
    private readonly maxEntries = 120,
    /** Total SVG text kept, in characters (UTF-16: 4 M characters are 8 MB; a 50-entity topology is 50-150 thousand). */
    private readonly maxChars = 4_000_000,
  ) {}

  get(key: string): SvgEntry | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, entry: SvgEntry): void {
    this.delete(key);
    this.entries.set(key, entry);
    this.size += entry.svg.length;
    for (const [oldest, old] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.size <= this.maxChars) break;
      if (oldest === key) continue;
      this.entries.delete(oldest);
      this.size -= old.svg.length;
    }
  }

  delete(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.entries.delete(key);
    this.size -= old.svg.length;
  }

  get count(): number {
    return this.entries.size;
  }
}
