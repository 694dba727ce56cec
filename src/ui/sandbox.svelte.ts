// The bridge from the sandbox actor to Svelte: a reactive snapshot and a send function. The snapshot
// is raw state (not deeply proxied): worlds are immutable, and proxying thousands of entities on every
// step would cost more than the simulation itself.
import { createActor, type SnapshotFrom } from 'xstate';
import { sandboxMachine, type SandboxEvent, type SandboxInput } from '../machine/sandbox.ts';

export type SandboxSnapshot = SnapshotFrom<typeof sandboxMachine>;

export class SandboxStore {
  readonly actor;
  snapshot: SandboxSnapshot = $state.raw(undefined as unknown as SandboxSnapshot);

  constructor(input: SandboxInput) {
    this.actor = createActor(sandboxMachine, { input });
    this.snapshot = this.actor.getSnapshot();
    this.actor.subscribe((s) => (this.snapshot = s));
    this.actor.start();
  }

  get context() {
    return this.snapshot.context;
  }

  get world() {
    return this.snapshot.context.world;
  }

  /** True while an action or a scenario is being applied. */
  get busy() {
    return !this.snapshot.matches('idle');
  }

  /**
   * Where the sandbox's events go instead of the actor, when something else orders them (the local
   * endpoint's live channel: it applies every event, then hands it back to the actor in order).
   */
  relay: ((event: SandboxEvent) => void) | null = null;

  send = (event: SandboxEvent) => (this.relay ? this.relay(event) : this.actor.send(event));

  stop() {
    this.actor.stop();
  }
}
