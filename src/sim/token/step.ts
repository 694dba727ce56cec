// Running a token, app or target action on a draft world and turning what it did into an Outcome.
import type { Step } from '../control.ts';
import { Draft } from '../draft.ts';
import type { HttpExchange } from '../http.ts';
import { AzureFailure, type CallResult, type Hop, type SdkView, type TokenResult } from '../outcome.ts';
import type { World } from '../world.ts';

export type { Step };

/** What a handler reports besides the draft's own lists (created, changed, notes, response). */
export interface Result {
  summary: string;
  http?: HttpExchange;
  trace?: Hop[];
  token?: TokenResult;
  call?: CallResult;
  sdk?: SdkView;
}

/**
 * Run a handler. An AzureFailure refuses the action and returns the world given, untouched; anything
 * else the handler reports (an HTTP error from a token endpoint or a target included) is an outcome.
 */
export async function run(world: World, handler: (d: Draft) => Result | Promise<Result>): Promise<Step> {
  const d = new Draft(world);
  try {
    const { summary, ...extra } = await handler(d);
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
  } catch (e) {
    d.rollback();
    if (!(e instanceof AzureFailure)) throw e;
    return {
      world,
      outcome: { ok: false, summary: `Refused: ${e.error.code}.`, created: [], deleted: [], changed: [], orphaned: [], error: e.error, notes: e.notes },
    };
  }
}
