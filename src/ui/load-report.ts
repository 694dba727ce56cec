// What the learner is told when a loaded scenario could not be rebuilt step for step: which actions the
// simulation refused and left out, and, for an autosave, that the original was kept.
import type { DroppedAction } from '../machine/sandbox.ts';

const MAX_NAMED = 5;

/** "#3 resource.delete '__proto__' (LinkedInvalidPropertyId)": the step number, type, what it names, and why. */
export function nameDropped(d: DroppedAction): string {
  const a = d.action as Record<string, unknown>;
  const target = ['name', 'id', 'resourceId', 'vaultId', 'accountId', 'siteId', 'app', 'scope'].map((k) => a[k]).find((v) => typeof v === 'string');
  const shown = typeof target === 'string' ? ` '${target.length > 60 ? `${target.slice(0, 57)}...` : target}'` : '';
  return `#${d.index + 1} ${d.action.type}${shown} (${d.error.code})`;
}

/** The notice for a link or a file some of whose actions were refused. */
export function droppedNotice(dropped: DroppedAction[], total: number, source: string): string {
  const named = dropped.slice(0, MAX_NAMED).map(nameDropped).join('; ');
  const more = dropped.length > MAX_NAMED ? `; and ${dropped.length - MAX_NAMED} more` : '';
  const all = dropped.length === total;
  return `${all ? `All ${total}` : `${dropped.length} of the ${total}`} action${total === 1 ? '' : 's'} in ${source} ${dropped.length === 1 && !all ? 'was' : 'were'} refused by the simulation and left out: ${named}${more}.`;
}

/** The notice for an autosave whose replay lost steps or failed: what happened and what was kept. */
export function lostWorkNotice(problem: { dropped: DroppedAction[]; total: number } | { fault: string }, kept: boolean): string {
  const what =
    'fault' in problem
      ? `Your saved sandbox could not be rebuilt (${problem.fault.replace(/^The scenario could not be loaded: /, '')}).`
      : `Your saved sandbox could not be rebuilt exactly: ${problem.dropped.length} of its ${problem.total} steps ${problem.dropped.length === 1 ? 'was' : 'were'} refused on replay (${problem.dropped.slice(0, MAX_NAMED).map(nameDropped).join('; ')}${problem.dropped.length > MAX_NAMED ? '; ...' : ''}), so the sandbox opened without ${problem.dropped.length === 1 ? 'it' : 'them'}.`;
  const copy = kept ? ' The original save was kept unchanged in this browser; download it to keep it safe.' : ' Download the original save now: the next change replaces it.';
  return what + copy;
}

/** The notice for a long history whose oldest steps joined the start (the undo limit). */
export function foldedNotice(folded: number, undoable: number): string {
  return `This scenario is long: its last ${undoable.toLocaleString('en-US')} steps can be undone; the ${folded.toLocaleString('en-US')} before them now form its start (they are still in its saves, links and exports).`;
}
