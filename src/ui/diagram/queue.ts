// One render queue for the whole page. Mermaid's render is global and not re-entrant, and a render
// blocks the main thread for 100-400 ms, so: one render at a time; a state already drawn comes from the
// cache at once; a request for a slot replaces the one still waiting for that slot (only the newest
// text of a diagram is worth drawing); the same text in flight is shared, not drawn twice; a failure is
// remembered rather than retried on every update; and when a diagram is being redrawn in quick
// succession (holding Ctrl+Z), the queue waits for a pause as long as the last render took (adaptive
// debounce, as in the Mermaid Live Editor), so that renders never pile up behind each other.
import type { Theme } from '../../diagram/diagram.ts';
import { SvgCache, type SvgEntry } from './cache.ts';

export interface RenderRequest {
  /** Which diagram on the page this is ("topology", "flow"): a newer request replaces a waiting one. */
  slot: string;
  text: string;
  theme: Theme;
}

export type RenderResult =
  | { status: 'done'; entry: SvgEntry; ms: number; cached: boolean }
  | { status: 'error'; message: string }
  /** A newer request for the same slot came first; show that one instead. */
  | { status: 'superseded' };

export interface QueueDeps {
  /** Draw the text to SVG (Mermaid, in the browser). */
  draw(text: string, theme: Theme): Promise<SvgEntry>;
  /** Resolve once the page has had a chance to paint what changed before the render. */
  yieldToPaint(): Promise<void>;
  sleep(ms: number): Promise<void>;
  now(): number;
}

interface Job {
  slot: string;
  key: string;
  text: string;
  theme: Theme;
  /** Requested soon after the slot's previous request: wait for a pause before drawing. */
  burst: boolean;
  done: (r: RenderResult) => void;
}

/** Renders faster than this need no debounce. */
const FAST_MS = 40;
/** The longest pause waited for in a burst. */
const MAX_QUIET_MS = 400;
const MAX_FAILURES = 20;

/** Replace the id Mermaid baked into an SVG (every element id and CSS rule), so copies never clash. */
export function withId(entry: SvgEntry, id: string): string {
  return entry.id === id ? entry.svg : entry.svg.split(entry.id).join(id);
}

export class RenderQueue {
  readonly cache: SvgCache;
  private pending = new Map<string, Job>();
  private inflight: { key: string; result: Promise<RenderResult> } | null = null;
  private lastRequest = new Map<string, number>();
  private failures = new Map<string, string>();
  private running = false;
  /** How long the last Mermaid render took (ms), and how many there were. */
  lastMs = 0;
  renders = 0;

  constructor(
    private readonly deps: QueueDeps,
    cache = new SvgCache(),
  ) {
    this.cache = cache;
  }

  static key(text: string, theme: Theme): string {
    return `${theme}\n${text}`;
  }

  /** The SVG of a text already drawn, without waiting: what makes a revisited state instant. */
  cached(text: string, theme: Theme): SvgEntry | undefined {
    return this.cache.get(RenderQueue.key(text, theme));
  }

  get idle(): boolean {
    return !this.running && this.pending.size === 0;
  }

  /** The window of the adaptive debounce: as long as renders take, within bounds. */
  private quiet(): number {
    return this.lastMs < FAST_MS ? 0 : Math.min(this.lastMs, MAX_QUIET_MS);
  }

  request({ slot, text, theme }: RenderRequest): Promise<RenderResult> {
    const key = RenderQueue.key(text, theme);
    const now = this.deps.now();
    this.pending.get(slot)?.done({ status: 'superseded' });
    this.pending.delete(slot);

    // A state already drawn costs nothing, so it does not count towards a burst of redraws.
    const hit = this.cache.get(key);
    if (hit) return Promise.resolve({ status: 'done', entry: hit, ms: 0, cached: true });
    const previous = this.lastRequest.get(slot);
    this.lastRequest.set(slot, now);
    if (this.inflight?.key === key) return this.inflight.result;
    const failed = this.failures.get(key);
    if (failed !== undefined) return Promise.resolve({ status: 'error', message: failed });

    return new Promise((done) => {
      const burst = previous !== undefined && now - previous < this.quiet();
      this.pending.set(slot, { slot, key, text, theme, burst, done });
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.pending.size > 0) {
        const job = this.pending.values().next().value!;
        if (job.burst) {
          const wait = (this.lastRequest.get(job.slot) ?? 0) + this.quiet() - this.deps.now();
          if (wait > 0) {
            await this.deps.sleep(wait);
            continue; // the job may have been replaced meanwhile
          }
        }
        this.pending.delete(job.slot);
        await this.deps.yieldToPaint();
        if (this.pending.has(job.slot)) {
          job.done({ status: 'superseded' });
          continue;
        }
        const result = this.draw(job);
        this.inflight = { key: job.key, result };
        job.done(await result);
        this.inflight = null;
      }
    } finally {
      this.running = false;
    }
  }

  private async draw(job: Job): Promise<RenderResult> {
    const hit = this.cache.get(job.key);
    if (hit) return { status: 'done', entry: hit, ms: 0, cached: true };
    const start = this.deps.now();
    try {
      const entry = await this.deps.draw(job.text, job.theme);
      const ms = this.deps.now() - start;
      this.lastMs = ms;
      this.renders++;
      this.cache.set(job.key, entry);
      return { status: 'done', entry, ms, cached: false };
    } catch (e) {
      const message = (e instanceof Error ? e.message : String(e)).slice(0, 500);
      this.failures.set(job.key, message);
      if (this.failures.size > MAX_FAILURES) this.failures.delete(this.failures.keys().next().value!);
      return { status: 'error', message };
    }
  }
}
