// Before a link, a file or a lesson replaces the sandbox, the UI asks whether that would lose work.
import type { SandboxContext } from '../machine/sandbox.ts';
import type { Scenario } from '../sim/index.ts';

/**
 * True when the sandbox holds learner actions (the redo future included) that loading `incoming`
 * would not bring back: the incoming scenario does not start from the same seed and time and replay
 * the base and every one of those actions, in order. The title is not work and is not compared.
 */
export function wouldOverwrite(current: Pick<SandboxContext, 'header' | 'base' | 'entries'>, incoming: Scenario): boolean {
  if (current.entries.length === 0) return false;
  if (current.header.seed !== incoming.seed || current.header.start !== incoming.start) return true;
  const mine = [...current.base, ...current.entries.map((e) => e.action)];
  return mine.length > incoming.actions.length || mine.some((action, i) => !same(action, incoming.actions[i]));
}

/** Equality of JSON data: key order and keys set to undefined (which JSON drops) do not count. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const entries = (o: object) => Object.entries(o).filter(([, v]) => v !== undefined);
  const [ea, eb] = [entries(a), new Map(entries(b))];
  return ea.length === eb.size && ea.every(([k, v]) => eb.has(k) && same(v, eb.get(k)));
}
