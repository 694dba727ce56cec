// The one runner: every action, control plane or token, becomes an outcome here. A handler changes a
// draft of the world and says what it did; the draft's lists (created, deleted, changed, orphaned,
// notes, response) and what the handler reports make the outcome. An AzureFailure refuses the action:
// the world comes back as it was given, untouched.
import { Draft } from './draft.ts';
import type { HttpExchange } from './http.ts';
import { AzureFailure, type CallResult, type Hop, type Outcome, type SdkView, type TokenResult } from './outcome.ts';
import type { World } from './world.ts';

export interface Step {
  world: World;
  outcome: Outcome;
}

/** What a handler reports besides the draft's own lists. */
export interface Result {
  summary: string;
  http?: HttpExchange;
  trace?: Hop[];
  token?: TokenResult;
  call?: CallResult;
  sdk?: SdkView;
}

/** The step of a refused action, in the one wording every refusal uses: the world as it was given. */
export function refusal(world: World, e: AzureFailure): Step {
  return {
    world,
    outcome: { ok: false, summary: `Refused: ${e.error.code}.`, created: [], deleted: [], changed: [], orphaned: [], error: e.error, notes: e.notes },
  };
}

type Handler = (d: Draft) => Result | Promise<Result>;

/**
 * Run one action's handler. Control-plane handlers finish at once and so does the step; token handlers
 * sign and verify JWTs with WebCrypto, and their step is a promise. `action` is what is being done, for
 * checks every action goes through before its handler.
 */
export function run(world: World, action: { type: string }, handler: (d: Draft) => Result): Step;
export function run(world: World, action: { type: string }, handler: (d: Draft) => Promise<Result>): Promise<Step>;
export function run(world: World, _action: { type: string }, handler: Handler): Step | Promise<Step> {
  const d = new Draft(world);
  const refuse = (e: unknown): Step => {
    d.rollback();
    if (!(e instanceof AzureFailure)) throw e;
    return refusal(world, e);
  };
  try {
    // Checks that every action goes through before its handler (who is acting, whether they may) go here.
    const result = handler(d);
    return result instanceof Promise ? result.then((r) => done(d, r), refuse) : done(d, result);
  } catch (e) {
    return refuse(e);
  }
}

function done(d: Draft, { summary, ...extra }: Result): Step {
  return {
    world: d.world,
    outcome: {
      ok: true,
      summary,
      created: d.created,
      deleted: d.deleted,
      changed: d.changed,
      orphaned: d.orphaned,
      notes: d.notes,
      ...(d.response !== undefined ? { response: d.response } : {}),
      ...extra,
    },
  };
}
