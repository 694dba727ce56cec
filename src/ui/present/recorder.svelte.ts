// The free sandbox's recorder: a recording (src/present/record.ts) that follows the sandbox's history
// while it records, and is written to the browser's storage at every change, so a reload brings back
// the recording as it was (still recording, or stopped with its titles and notes).
import type { SandboxContext } from '../../machine/sandbox.ts';
import { followHistory, readRecording, recordingText, startRecording, stopRecording, type HistoryView, type Recording } from '../../present/record.ts';
import type { SandboxStore } from '../sandbox.svelte.ts';

export function recordingKey(instance = 'default'): string {
  return `managed-identity-sandbox:${instance}:recording`;
}

function historyOf(c: Pick<SandboxContext, 'header' | 'base' | 'entries' | 'cursor'>): HistoryView {
  return { header: c.header, actions: [...c.base, ...c.entries.map((e) => e.action)], at: c.base.length + c.cursor };
}

export class Recorder {
  recording: Recording | null = $state.raw(null);
  /** The step editor is open. */
  editing = $state(false);
  /** Why the stored recording could not be read, or why it could not be stored. */
  problem: string | null = $state(null);
  private readonly key: string;
  private stopFollowing = () => {};
  private disposed = false;

  constructor(
    private readonly store: SandboxStore,
    private readonly storage: () => Storage | null,
    instance = 'default',
    /** Settled once the saved sandbox is restored: a recording resumed after a reload follows it from then on. */
    restored: Promise<unknown> = Promise.resolve(),
  ) {
    this.key = recordingKey(instance);
    let text: string | null = null;
    try {
      text = this.storage()?.getItem(this.key) ?? null;
    } catch {
      text = null;
    }
    if (text !== null) {
      const read = readRecording(text);
      if (read.ok) this.recording = read.recording;
      else this.problem = `The recorded demo kept in this browser could not be opened (${read.problem}). It was left in storage under ${this.key}.`;
    }
    void restored.then(() => {
      if (!this.disposed && this.recording?.state === 'recording') this.follow();
    });
  }

  /** Start recording from the sandbox as it is now. */
  start(): void {
    if (this.recording) return;
    // A draft that could not be read stays in storage until a new recording replaces it.
    this.problem = null;
    this.set(startRecording(historyOf(this.store.context), this.store.context.header.title ?? ''));
    this.follow();
  }

  stop(): void {
    if (!this.recording) return;
    this.stopFollowing();
    this.set(stopRecording(followHistory(this.recording, historyOf(this.store.context))));
    this.editing = true;
  }

  /** Change the stopped recording (titles, notes, goals, deleted steps). */
  update(change: (r: Recording) => Recording): void {
    if (this.recording) this.set(change(this.recording));
  }

  discard(): void {
    this.stopFollowing();
    this.editing = false;
    this.recording = null;
    try {
      this.storage()?.removeItem(this.key);
    } catch {
      // nothing stored, nothing to remove
    }
  }

  dispose(): void {
    this.disposed = true;
    this.stopFollowing();
  }

  /** Follow settled states only: while a scenario loads, the context still holds the old sandbox. */
  private follow(): void {
    this.stopFollowing();
    const onState = (idle: boolean, c: SandboxContext) => {
      if (idle && this.recording?.state === 'recording') this.set(followHistory(this.recording, historyOf(c)));
    };
    const snapshot = this.store.actor.getSnapshot();
    onState(snapshot.matches('idle'), snapshot.context);
    const sub = this.store.actor.subscribe((s) => onState(s.matches('idle'), s.context));
    this.stopFollowing = () => sub.unsubscribe();
  }

  private set(next: Recording): void {
    if (next === this.recording) return;
    this.recording = next;
    try {
      this.storage()?.setItem(this.key, recordingText(next));
      this.problem = null;
    } catch {
      this.problem = 'The browser did not let the page store the recorded demo, so it will not survive a reload: download it before you leave.';
    }
  }
}
