// apply(world, action): the one way the world changes.
import { parseAction, type Action, type ControlAction } from './actions.ts';
import { refusedByAzureRbac } from './control/authz.ts';
import { applyControl } from './control.ts';
import type { Step } from './run.ts';
import { TOKEN_TYPES, type TokenAction } from './token/actions.ts';
import type { World } from './world.ts';

export type { Step };

/**
 * Apply one action. Returns the next world and what happened; a refused action returns the same world
 * object with `outcome.ok === false`. Asynchronous because token actions sign and verify JWTs with
 * WebCrypto; control-plane actions complete without waiting on anything.
 */
export async function apply(world: World, action: Action): Promise<Step> {
  if (TOKEN_TYPES.has(action.type)) {
    // Loaded on first use: the browser gets jose and the signing keys only when a token is involved.
    const { applyToken } = await import('./token/apply.ts');
    return applyToken(world, action as TokenAction);
  }
  return refusedByAzureRbac(world, action as ControlAction) ?? applyControl(world, action);
}

/**
 * What a control-plane action would do, without keeping it: forms and confirmations ask this before
 * acting, synchronously, and throw the result away (the simulation is pure, so nothing changes).
 */
export function preview(world: World, action: ControlAction): Step {
  return applyControl(world, action);
}

/** Apply untrusted input (from a file or a link): validated first, refused with the problem in words. */
export async function applyUnknown(world: World, input: unknown): Promise<Step> {
  const parsed = parseAction(input);
  if (!parsed.ok) {
    return {
      world,
      outcome: { ok: false, summary: 'Not a valid action.', created: [], deleted: [], changed: [], orphaned: [], notes: [], error: { status: 400, code: 'InvalidAction', message: parsed.problem } },
    };
  }
  return apply(world, parsed.action);
}
