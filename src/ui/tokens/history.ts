// The latest outcome of a kind of action: a tab shows the result of its last request even after other
// steps (a clock fast-forward should not hide the token whose expiry it is about).
import type { SandboxContext } from '../../machine/sandbox.ts';
import type { Action, Outcome } from '../../sim/index.ts';

export interface Done<A extends Action = Action> {
  action: A;
  outcome: Outcome;
}

/** The newest action in effect (or the last refused one) that `match` accepts. */
export function latest<A extends Action>(ctx: Pick<SandboxContext, 'last' | 'entries' | 'cursor'>, match: (a: Action) => a is A): Done<A> | undefined {
  if (ctx.last && match(ctx.last.action)) return ctx.last as Done<A>;
  for (let i = ctx.cursor - 1; i >= 0; i--) {
    const e = ctx.entries[i]!;
    if (match(e.action)) return e as Done<A>;
  }
  return undefined;
}
