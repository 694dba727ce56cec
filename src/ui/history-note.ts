// What a move through the history did, in words: undo and redo say which step, a jump says what a new
// action would replace, and an action taken after a jump says which later steps it replaced.
import type { SandboxContext } from '../machine/sandbox.ts';
import { describeAction } from '../sim/index.ts';

type History = Pick<SandboxContext, 'header' | 'base' | 'baseWorld' | 'entries' | 'cursor'>;

function stepWords(c: History, index: number): string {
  const before = index === 0 ? c.baseWorld : c.entries[index - 1]!.world;
  return `step ${index + 1}, ${describeAction(before, c.entries[index]!.action)}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The note for going from `prev` to `next`, or null when there is nothing to say (a load, a plain action). */
export function historyNote(prev: History, next: History): string | null {
  if (prev.baseWorld !== next.baseWorld || prev.header !== next.header) return null; // a scenario was loaded
  const sameUpTo = (n: number) => next.entries.length >= n && prev.entries.length >= n && next.entries.slice(0, n).every((e, i) => e === prev.entries[i]);
  if (next.entries === prev.entries) {
    if (next.cursor === prev.cursor) return null;
    if (next.cursor === prev.cursor - 1) return `Undid ${stepWords(prev, prev.cursor - 1)}. Redo puts it back.`;
    if (next.cursor === prev.cursor + 1) return `Redid ${stepWords(next, next.cursor - 1)}.`;
    const later = next.entries.length - next.cursor;
    return later
      ? `Back at step ${next.cursor}. The ${plural(later, 'later step')} stay until you act here; a new action replaces them (Undo then brings them back).`
      : `At step ${next.cursor}, the latest.`;
  }
  const undone = prev.entries[prev.cursor - 1];
  if (next.cursor === prev.cursor - 1 && undone?.replaced && sameUpTo(next.cursor)) {
    return `Undid ${stepWords(prev, prev.cursor - 1)}. The ${plural(undone.replaced.length, 'step')} it had replaced are back: Redo replays them.`;
  }
  const added = next.entries[next.cursor - 1];
  if (next.cursor === prev.cursor + 1 && added?.replaced && sameUpTo(prev.cursor)) {
    return `This action replaced the ${plural(added.replaced.length, 'later step')} after step ${prev.cursor}. Undo brings them back.`;
  }
  return null;
}
