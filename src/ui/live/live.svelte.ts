// The page's side of the local endpoint's live channel (server/endpoint.ts). The endpoint holds the
// sandbox and orders every change: requests from the learner's code and clicks in this page alike.
// The page loads the endpoint's sandbox, then replays each event it broadcasts onto its own actor, in
// order, so the timeline, the outcome panel and the flow diagram show the code's requests as they
// happen; the page's own changes are sent to the endpoint and come back the same way.
import type { SandboxEvent } from '../../machine/sandbox.ts';
import type { SharedSandbox } from '../../persist/saved.ts';
import type { SandboxStore } from '../sandbox.svelte.ts';

/** index.html carries this when the endpoint serves it. */
const MARKER = 'meta[name="sandbox-endpoint"]';

interface Origin {
  kind: 'endpoint' | 'browser';
  userAgent?: string;
  as?: string;
}

type Message = { type: 'hello'; seq: number; saved: SharedSandbox; as: string; origin: string } | { type: 'event'; seq: number; event: SandboxEvent; origin: Origin };

/** A request the learner's code sent, as the page shows it. */
export interface CodeRequest {
  n: number;
  userAgent: string;
  line: string;
}

export class LiveChannel {
  status: 'connecting' | 'connected' | 'lost' = $state('connecting');
  /** The resource the code runs as (ARM id). */
  as = $state('');
  endpoint = $state('');
  /** What the code sent last, and how many requests so far. */
  last: CodeRequest | null = $state(null);
  count = $state(0);
  problem: string | null = $state(null);
  private seq = -1;
  private source: EventSource | null = null;

  private constructor(
    private readonly store: SandboxStore,
    private readonly base: string,
  ) {}

  /** The channel when this page was served by the endpoint; null otherwise. */
  static fromPage(store: SandboxStore): LiveChannel | null {
    if (typeof document === 'undefined') return null;
    const base = document.querySelector<HTMLMetaElement>(MARKER)?.content;
    if (!base || !/^\/[\w/-]*\/$/.test(base)) return null;
    const channel = new LiveChannel(store, base);
    channel.start();
    return channel;
  }

  private start(): void {
    const source = new EventSource(`${this.base}events`);
    this.source = source;
    source.onmessage = (m: MessageEvent<string>) => this.receive(JSON.parse(m.data) as Message);
    // EventSource reconnects by itself; the endpoint then says hello again with its whole sandbox.
    source.onerror = () => {
      if (this.status !== 'connecting') this.status = 'lost';
    };
  }

  private receive(m: Message): void {
    if (m.type === 'hello') {
      this.seq = m.seq;
      this.as = m.as;
      this.endpoint = m.origin;
      this.store.actor.send({ type: 'LOAD', scenario: m.saved.scenario, base: m.saved.base, cursor: m.saved.cursor });
      this.store.relay = this.forward;
      this.status = 'connected';
      this.problem = null;
      return;
    }
    if (m.seq !== this.seq + 1) {
      // A gap (a lost message): start over from the endpoint's sandbox.
      this.source?.close();
      this.status = 'connecting';
      this.start();
      return;
    }
    this.seq = m.seq;
    this.store.actor.send(m.event);
    if (m.origin.kind === 'endpoint' && m.event.type === 'ACT') {
      const a = m.event.action;
      const request = 'request' in a && a.request ? `${a.request.method} ${a.request.url}` : a.type;
      this.count += 1;
      this.last = { n: this.count, userAgent: m.origin.userAgent ?? '', line: request };
    }
  }

  /** Send a change of this page to the endpoint, which applies it and broadcasts it back. */
  private forward = (event: SandboxEvent): void => {
    fetch(`${this.base}send`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(event) })
      .then(async (r) => {
        if (!r.ok) this.problem = `The endpoint refused the change (${r.status}): ${((await r.json().catch(() => ({}))) as { message?: string }).message ?? ''}`;
      })
      .catch(() => {
        this.problem = 'The endpoint is not answering, so the change was not made. Is `npm run endpoint` still running?';
        this.status = 'lost';
      });
  };

  stop(): void {
    this.source?.close();
    this.store.relay = null;
  }
}
