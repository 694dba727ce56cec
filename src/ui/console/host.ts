// The console's bridge to the sandbox actor: commands send the same ACT events the panels send, and
// wait for the actor to record their outcome (so history, undo, timeline and diagrams follow).
import type { Host } from '../../console/index.ts';
import type { Action, Outcome } from '../../sim/index.ts';
import type { SandboxStore } from '../sandbox.svelte.ts';

export function actorHost(store: SandboxStore, confirm: (question: string) => Promise<boolean>): Host {
  return {
    world: () => store.actor.getSnapshot().context.world,
    confirm,
    act: (action: Action) =>
      new Promise<Outcome>((resolve) => {
        const sub = store.actor.subscribe((s) => {
          const c = s.context;
          if (c.last?.action === action) {
            sub.unsubscribe();
            resolve(c.last.outcome);
          } else if (c.fault && !c.queue.includes(action)) {
            sub.unsubscribe();
            resolve({ ok: false, summary: c.fault, created: [], deleted: [], changed: [], orphaned: [], notes: [], error: { status: 500, code: 'InternalError', message: c.fault } });
          }
        });
        store.send({ type: 'ACT', action });
      }),
  };
}
