// The endpoint's world: the very sandbox actor the browser runs (src/machine/sandbox.ts), driven in Node.
// Every change, whether a request from the learner's code or a click in a connected browser, is a
// sandbox event applied here one at a time and then broadcast in order, so every connected page replays
// the same events onto the same world (the simulation is deterministic).
import { createActor, waitFor } from 'xstate';
import { sandboxMachine, type SandboxEvent } from '../src/machine/sandbox.ts';
import type { Action, Outcome, World } from '../src/sim/index.ts';
import { savedFrom, type SharedSandbox } from '../src/persist/saved.ts';

/** Who caused an event: the learner's code through the endpoint, or a connected page. */
export interface EventOrigin {
  kind: 'endpoint' | 'browser';
  /** For endpoint requests: the User-Agent the code sent and the resource it runs as. */
  userAgent?: string;
  as?: string;
}

export interface Broadcast {
  seq: number;
  event: SandboxEvent;
  origin: EventOrigin;
}

export class EndpointSandbox {
  private readonly actor;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<(b: Broadcast) => void>();
  /** How many events have been applied since the start (the page's place in the stream). */
  seq = 0;

  constructor(start: SharedSandbox) {
    this.actor = createActor(sandboxMachine, { input: { scenario: start.scenario, base: start.base, cursor: start.cursor } });
    this.actor.start();
  }

  private idle() {
    return waitFor(this.actor, (s) => s.matches('idle'), { timeout: 60_000 });
  }

  async ready(): Promise<void> {
    await this.idle();
  }

  get world(): World {
    return this.actor.getSnapshot().context.world;
  }

  /** The sandbox as a page loads it: scenario, base and cursor (the redo future included). */
  get saved(): SharedSandbox {
    const { savedAt: _, ...shared } = savedFrom(this.actor.getSnapshot().context);
    return shared;
  }

  get fault(): string | null {
    return this.actor.getSnapshot().context.fault;
  }

  subscribe(listener: (b: Broadcast) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Run one step at a time, in arrival order. */
  private serial<T>(step: () => Promise<T>): Promise<T> {
    const next = this.chain.then(step, step);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Apply an event and tell every page; resolves once the world has settled. */
  send(event: SandboxEvent, origin: EventOrigin): Promise<void> {
    return this.serial(async () => {
      await this.idle();
      this.actor.send(event);
      await this.idle();
      this.seq += 1;
      const b = { seq: this.seq, event, origin };
      for (const l of this.listeners) l(b);
    });
  }

  /** Apply an action and return its outcome (refused ones included: they change nothing). */
  act(action: Action, origin: EventOrigin): Promise<Outcome> {
    return this.serial(async () => {
      await this.idle();
      this.actor.send({ type: 'ACT', action });
      await this.idle();
      const last = this.actor.getSnapshot().context.last;
      this.seq += 1;
      const b = { seq: this.seq, event: { type: 'ACT' as const, action }, origin };
      for (const l of this.listeners) l(b);
      if (!last || last.action !== action) {
        const fault = this.actor.getSnapshot().context.fault ?? 'the simulation gave no outcome';
        throw new Error(fault);
      }
      return last.outcome;
    });
  }

  /** A snapshot for a page that connects now: the state, and the number of the last event in it. */
  hello(): Promise<{ seq: number; saved: SharedSandbox }> {
    return this.serial(async () => {
      await this.idle();
      return { seq: this.seq, saved: this.saved };
    });
  }

  stop(): void {
    this.actor.stop();
  }
}
