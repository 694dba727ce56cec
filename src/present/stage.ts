// What the stage shows at a step: one diagram (the step's choice, else the one the step's last action
// is about, as the diagram tabs choose), laid out each way the stage may pick from (top to bottom, left
// to right: whichever shows it larger on the screen), and the one-line outcome. Pure: the same context,
// the same text.
import { accessPath, flow, topology, type Diagram, type Marked, type Theme } from '../diagram/index.ts';
import type { SandboxContext } from '../machine/sandbox.ts';
import { NodeIds } from '../diagram/ids.ts';
import { expandId } from '../sim/index.ts';
import { nameOf } from '../sim/index.ts';
import type { Outcome, World } from '../sim/index.ts';
import type { DiagramKind, DemoStep } from './demo.ts';

export interface Stage {
  kind: DiagramKind;
  /** Top to bottom, with the stage's tighter gaps. */
  diagram: Diagram;
  /** The same picture in every layout the stage may choose from, `diagram` first. */
  layouts: Diagram[];
  outcome: string;
  /** What the step marked in a topology (the same in every layout): the stage scrolls to it. */
  marked?: Marked;
}

type Ctx = Pick<SandboxContext, 'entries' | 'cursor' | 'baseWorld' | 'world'>;

function lastOf(ctx: Ctx, type: 'token.request' | 'target.call'): { at: number; outcome: Outcome; world: World; from?: string } | undefined {
  for (let i = ctx.cursor - 1; i >= 0; i--) {
    const e = ctx.entries[i]!;
    if (e.action.type === type) return { at: i, outcome: e.outcome, world: e.world, ...('from' in e.action && e.action.from ? { from: e.action.from } : {}) };
  }
  return undefined;
}

export function stageAt(ctx: Ctx, step: DemoStep | undefined, stepActions: number, theme: Theme): Stage {
  const current = ctx.cursor > 0 ? ctx.entries[ctx.cursor - 1] : undefined;
  const last = stepActions > 0 ? current : undefined;
  const auto: DiagramKind = last?.action.type === 'token.request' ? 'flow' : last?.action.type === 'target.call' ? 'access' : 'topology';
  const lastToken = lastOf(ctx, 'token.request');
  const lastCall = lastOf(ctx, 'target.call');
  let kind = step?.diagram ?? auto;
  if (kind === 'flow' && !lastToken && !lastCall) kind = 'topology';
  if (kind === 'access' && !lastCall) kind = 'topology';
  const outcome = step?.outcome ?? (last ? last.outcome.summary : '');
  if (kind === 'flow') {
    // A call made before the last token was asked for used an older token: the flow is the token alone.
    const call = lastCall && (!lastToken || lastCall.at > lastToken.at) ? lastCall : undefined;
    const source = lastToken?.from ? { id: lastToken.from, world: lastToken.world } : call?.from ? { id: call.from, world: call.world } : undefined;
    const target = call?.outcome.call?.resourceId;
    const names = { ...(source ? { source: nameOf(source.world, source.id) } : {}), ...(call && target ? { target: nameOf(call.world, target) } : {}) };
    const diagram = flow(lastToken?.outcome, call?.outcome, names, true);
    return { kind, diagram, layouts: [diagram], outcome };
  }
  if (kind === 'access') {
    const each = (['TB', 'LR'] as const).map((direction) => accessPath(lastCall!.outcome, { world: lastCall!.world, theme, direction, compact: true }));
    return { kind, diagram: each[0]!, layouts: each, outcome };
  }
  // The whole step's changes are news: compare with the world before the step's first action.
  const before = ctx.cursor - stepActions;
  const previous = before > 0 ? ctx.entries[before - 1]!.world : ctx.baseWorld;
  const each = (['TB', 'LR'] as const).map((direction) => topology(ctx.world, { ...(current && stepActions > 0 ? { previous, outcome: current.outcome } : {}), theme, direction, compact: true }));
  return { kind, diagram: each[0]!, layouts: each, outcome, marked: each[0]!.marked };
}

/**
 * The Mermaid node id a demo's `spotlight` names (an ARM id, short `/resourceGroups/…` form allowed,
 * or a principal's object id), if the diagram draws it. Ids are hashes of the entity's key (diagram/ids.ts).
 */
export function spotlightNodeId(world: World, ref: string, text: string): string | null {
  const key = /^\/(subscriptions|resourcegroups)\//i.test(ref) ? expandId(world, ref).toLowerCase() : ref;
  const id = new NodeIds().of(key);
  return new RegExp(`^\\s*${id}[\\[({>]`, 'm').test(text) ? id : null;
}
