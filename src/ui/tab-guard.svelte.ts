// Two tabs on one sandbox. Each tab's autosave checks the save's revision before every write, so a
// tab never saves over newer work from another tab; this is the reactive state the page shows for it.
//   saving    this tab saves as usual
//   stale     another tab saved since this tab read the save: this tab stopped saving and asks
//   following this tab shows the other tab's saves as they come, read-only
//   copy      this tab saves to a copy of its own
export type TabMode = 'saving' | 'stale' | 'following' | 'copy';

export class TabState {
  mode: TabMode = $state('saving');
  /** Another tab has this sandbox open (heard over BroadcastChannel). */
  otherTabOpen = $state(false);
  /** The storage key of this tab's copy, in `copy` mode. */
  copyKey: string | null = $state(null);

  get readOnly(): boolean {
    return this.mode === 'following';
  }
}

/** Presence over BroadcastChannel: tell the tabs of this sandbox that this one opened, and hear theirs. */
export function announcePresence(instance: string, onOther: () => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => {};
  const channel = new BroadcastChannel(`managed-identity-sandbox:${instance}`);
  channel.onmessage = (e: MessageEvent<unknown>) => {
    if (e.data === 'open') channel.postMessage('here');
    if (e.data === 'open' || e.data === 'here') onOther();
  };
  channel.postMessage('open');
  return () => channel.close();
}
