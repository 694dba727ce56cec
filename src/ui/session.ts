// Where the sandbox lives between visits: autosave to the browser's storage, share links in the URL
// fragment, scenario files. Connects src/persist to the actor; the app hands in the storage and URL,
// so an embedding page can give each mounted sandbox its own instance (or none).
import { waitFor } from 'xstate';
import { currentScenario, type SandboxContext } from '../machine/sandbox.ts';
import {
  createAutosave,
  decodeShareLink,
  encodeShareLink,
  exportScenarioFile,
  importScenarioFile,
  loadEventOf,
  readShareParam,
  savedFrom,
  shareUrl,
  wouldOverwrite,
  type Autosave,
  type LoadEvent,
} from '../persist/index.ts';
import type { Scenario } from '../sim/index.ts';
import type { AppState } from './app-state.svelte.ts';
import type { Notices } from './notices.svelte.ts';
import { droppedNotice, foldedNotice, lostWorkNotice } from './load-report.ts';
import { TabState, announcePresence } from './tab-guard.svelte.ts';

export interface SessionOptions {
  /** Names this sandbox's save; several sandboxes on one page need different names. */
  instance: string;
  /** Where to autosave; null turns autosave off (e.g. storage blocked in a sandboxed iframe). */
  storage: Storage | null;
  /** The page's URL handling, when this sandbox owns the URL fragment. */
  location?: {
    href: string;
    hash: string;
    replace: (url: string) => void;
    /** Calls back when the fragment changes (a link pasted into the address bar of an open tab). */
    onHashChange: (callback: () => void) => () => void;
  };
}

export class Session {
  private autosave: Autosave | null;
  private stopSaving = () => {};
  /** Two tabs on this sandbox: what this tab does about the other (see tab-guard.svelte.ts). */
  readonly tabs = new TabState();

  constructor(
    private readonly app: AppState,
    private readonly notices: Notices,
    private readonly options: SessionOptions,
  ) {
    this.autosave = this.autosaveFor(options.instance);
  }

  private autosaveFor(instance: string): Autosave | null {
    const storage = this.options.storage;
    if (!storage) return null;
    return createAutosave({
      storage,
      instance,
      onWrite: (r) => {
        if (r.ok) return;
        if (r.reason === 'conflict') this.markStale();
        else this.notices.show('warn', r.message);
      },
    });
  }

  private markStale(): void {
    if (this.tabs.mode === 'saving') this.tabs.mode = 'stale';
  }

  /** Follow the other tab: show its newest save here, read-only, and keep doing so as it saves. */
  follow(): void {
    this.tabs.mode = 'following';
    this.showNewestSave();
  }

  private showNewestSave(): void {
    const read = this.autosave?.load();
    if (read?.status === 'restored') this.app.store.send(loadEventOf(read.saved));
  }

  /** Make this tab's sandbox the saved one; the other tab's newer save is kept aside first, never dropped. */
  takeOver(): void {
    const autosave = this.autosave;
    if (!autosave) return;
    let theirs: string | null = null;
    try {
      theirs = autosave.changedElsewhere() ? (this.options.storage?.getItem(autosave.key) ?? null) : null;
    } catch {
      theirs = null;
    }
    const kept = theirs ? autosave.keepAside(theirs) : null;
    autosave.takeOver();
    this.tabs.mode = 'saving';
    autosave.save(this.actor.getSnapshot().context);
    const written = autosave.flush();
    if (written && !written.ok) this.notices.show('warn', written.message);
    if (theirs) {
      const text = theirs;
      this.notices.show(
        'info',
        `This tab's sandbox is now the saved one. The other tab's newer save was ${kept ? 'kept as a copy in this browser' : 'not saved here (storage is full)'}; download it to keep it.`,
        { label: "Download the other tab's save", run: () => download(text, 'managed-identity-sandbox-other-tab.json') },
      );
    }
  }

  /** Keep this tab's sandbox as a copy of its own, saved apart; the other tab keeps the original. */
  keepAsCopy(): void {
    const copy = this.autosaveFor(`${this.options.instance}-copy-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    if (!copy) return;
    this.autosave?.dispose();
    this.autosave = copy;
    copy.load(); // empty: arms the copy's saving
    copy.save(this.actor.getSnapshot().context);
    copy.flush();
    this.tabs.mode = 'copy';
    this.tabs.copyKey = copy.key;
  }

  private get actor() {
    return this.app.store.actor;
  }

  /** Restore the saved sandbox, then open a shared link if the URL holds one. */
  async start(): Promise<void> {
    await waitFor(this.actor, (s) => s.matches('idle'));
    const restored = this.autosave?.load();
    if (restored?.status === 'restored') {
      this.app.store.send(loadEventOf(restored.saved));
      await waitFor(this.actor, (s) => s.matches('idle'));
      const steps = restored.saved.scenario.actions.length - restored.saved.base;
      const { fault, loadReport } = this.actor.getSnapshot().context;
      const lost = fault ? { fault } : loadReport?.dropped.length ? { dropped: loadReport.dropped, total: restored.saved.scenario.actions.length } : null;
      if (lost) {
        // A save that replays to less than it holds is kept aside before the next change replaces it.
        const kept = this.autosave?.keepAside(restored.text) != null;
        this.notices.show('error', lostWorkNotice(lost, kept), { label: 'Download the original save', run: () => download(restored.text, 'managed-identity-sandbox-original-save.json') });
      } else if (steps > 0 && this.firstVisitThisSession()) this.notices.show('info', `Welcome back: your sandbox was restored from this browser (${steps} step${steps === 1 ? '' : 's'}).`);
    } else if (restored && restored.status !== 'empty') {
      const text = restored.status === 'unreadable' ? restored.text : '';
      this.notices.show(
        'error',
        restored.message,
        text ? { label: 'Download the unreadable save', run: () => download(text, 'managed-identity-sandbox-unreadable-save.json') } : undefined,
      );
    }
    // Save settled states only: while a scenario loads, the context still holds the old sandbox.
    // A tab that follows another never saves.
    const sub = this.actor.subscribe((s) => {
      if (!s.matches('loading') && !this.tabs.readOnly) this.autosave?.save(s.context);
    });
    const stopWatching = this.options.location?.onHashChange(() => void this.openLinkInUrl()) ?? (() => {});
    const stopTabs = this.watchOtherTabs();
    this.stopSaving = () => {
      sub.unsubscribe();
      stopWatching();
      stopTabs();
    };
    await this.openLinkInUrl();
  }

  /** Hear other tabs: their saves (storage events, checked against the save's revision) and their presence. */
  private watchOtherTabs(): () => void {
    if (typeof window === 'undefined' || !this.options.storage) return () => {};
    const onStorage = (e: StorageEvent) => {
      if (!this.autosave || e.key !== this.autosave.key || e.storageArea !== this.options.storage) return;
      if (this.tabs.mode === 'following') this.showNewestSave();
      else if (this.tabs.mode !== 'copy' && this.autosave.changedElsewhere()) this.markStale();
    };
    window.addEventListener('storage', onStorage);
    const stopPresence = announcePresence(this.options.instance, () => {
      if (this.tabs.otherTabOpen) return;
      this.tabs.otherTabOpen = true;
      this.notices.show('info', 'This sandbox is also open in another tab. Each tab saves only over its own work: if the other tab saves, this one asks before saving again.');
    });
    return () => {
      window.removeEventListener('storage', onStorage);
      stopPresence();
    };
  }

  /** "Welcome back" is said once per visit: a reload in the same tab is not a return. */
  private firstVisitThisSession(): boolean {
    const key = `managed-identity-sandbox:${this.options.instance}:welcomed`;
    try {
      if (sessionStorage.getItem(key)) return false;
      sessionStorage.setItem(key, '1');
    } catch {
      // no session storage (sandboxed iframe): say it every time rather than never
    }
    return true;
  }

  private async openLinkInUrl(): Promise<void> {
    const loc = this.options.location;
    if (!loc) return;
    const value = readShareParam(loc.hash);
    if (value === null) return;
    // Handled either way: a reload keeps the sandbox rather than asking again.
    loc.replace(loc.href.replace(/#.*$/, ''));
    const link = await decodeShareLink(value);
    if (!link.ok) {
      this.notices.show('error', `${link.message} Your own sandbox is unchanged.`);
      return;
    }
    const open = () => this.loadAndReport(loadEventOf(link.sandbox), 'the link');
    if (!wouldOverwrite(this.actor.getSnapshot().context, link.sandbox.scenario)) return open();
    this.app.askRequest = {
      title: 'Open the shared scenario?',
      body: `The link holds a scenario of ${link.sandbox.scenario.actions.length} actions. Opening it replaces your sandbox and its history in this browser. Export yours first if you want to keep it.`,
      confirmLabel: 'Open the shared scenario',
      onConfirm: open,
      // The fragment is gone from the address bar: keep the link at hand until the learner dismisses it.
      onCancel: () =>
        this.notices.show('info', 'The shared scenario was not opened; your sandbox is unchanged.', {
          label: 'Open the shared scenario',
          run: () => {
            this.notices.dismissText('The shared scenario was not opened; your sandbox is unchanged.');
            open();
          },
        }),
    };
  }

  /** A link that rebuilds the sandbox as it is now, history and position included. */
  async shareLink(context: SandboxContext = this.actor.getSnapshot().context): Promise<{ ok: true; url: string; length: number } | { ok: false; message: string }> {
    const saved = savedFrom(context);
    const encoded = await encodeShareLink({ scenario: saved.scenario, base: saved.base, cursor: saved.cursor });
    if (!encoded.ok) return encoded;
    const href = this.options.location?.href ?? 'https://managed-identity-sandbox.example/';
    const url = shareUrl(href, encoded.value);
    return { ok: true, url, length: url.length };
  }

  /** A link that opens a lesson at its first step. */
  lessonLink(id: string): string {
    const href = this.options.location?.href ?? 'https://managed-identity-sandbox.example/';
    return `${href.replace(/#.*$/, '')}#lesson=${encodeURIComponent(id)}`;
  }

  exportFile(): void {
    const ctx = this.actor.getSnapshot().context;
    const { text, fileName } = exportScenarioFile(currentScenario(ctx));
    download(text, fileName);
  }

  async importFile(file: File): Promise<void> {
    let text: string;
    try {
      text = await file.text();
    } catch {
      this.notices.show('error', `${file.name}: the file could not be read.`);
      return;
    }
    const parsed = importScenarioFile(text, file.name);
    if (!parsed.ok) {
      this.notices.show('error', `${parsed.problem} Your sandbox is unchanged.`);
      return;
    }
    this.replace(parsed.scenario, 0, `Import “${file.name}”?`, { source: `“${file.name}”` });
  }

  /** Load a scenario as the learner's history (base actions are not undoable). */
  replace(scenario: Scenario, base: number, title: string, options: { source?: string; then?: () => void } = {}): void {
    const load = () => {
      this.loadAndReport({ type: 'LOAD', scenario, base }, options.source ?? 'the scenario');
      options.then?.();
    };
    if (!wouldOverwrite(this.actor.getSnapshot().context, scenario)) return load();
    const steps = this.actor.getSnapshot().context.entries.length;
    this.app.askRequest = {
      title,
      body: `This replaces your sandbox and its ${steps} step${steps === 1 ? '' : 's'} of history. Export it first if you want to keep it.`,
      confirmLabel: 'Replace',
      onConfirm: load,
    };
  }

  /** Load, then name any actions the simulation refused and left out. */
  private loadAndReport(event: LoadEvent, source: string): void {
    // Through the store, so the endpoint's live channel (when served by it) carries the load too.
    this.app.store.send(event);
    void waitFor(this.actor, (s) => s.matches('idle')).then((s) => {
      const dropped = s.context.loadReport?.dropped ?? [];
      const folded = s.context.loadReport?.folded ?? 0;
      if (s.context.fault) this.notices.show('error', `${s.context.fault} Your sandbox is unchanged.`);
      else if (dropped.length) this.notices.show('warn', droppedNotice(dropped, event.scenario.actions.length, source));
      if (!s.context.fault && folded > 0) this.notices.show('info', foldedNotice(folded, s.context.entries.length));
    });
  }

  flush(): void {
    this.autosave?.flush();
  }

  stop(): void {
    this.stopSaving();
    this.autosave?.dispose();
  }
}

function download(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
