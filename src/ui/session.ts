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
} from '../persist/index.ts';
import type { Scenario } from '../sim/index.ts';
import type { AppState } from './app-state.svelte.ts';
import type { Notices } from './notices.svelte.ts';

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

  constructor(
    private readonly app: AppState,
    private readonly notices: Notices,
    private readonly options: SessionOptions,
  ) {
    this.autosave = options.storage
      ? createAutosave({
          storage: options.storage,
          instance: options.instance,
          onWrite: (r) => {
            if (!r.ok) notices.show('warn', r.message);
          },
        })
      : null;
  }

  private get actor() {
    return this.app.store.actor;
  }

  /** Restore the saved sandbox, then open a shared link if the URL holds one. */
  async start(): Promise<void> {
    await waitFor(this.actor, (s) => s.matches('idle'));
    const restored = this.autosave?.load();
    if (restored?.status === 'restored') {
      this.actor.send(loadEventOf(restored.saved));
      await waitFor(this.actor, (s) => s.matches('idle'));
      const steps = restored.saved.scenario.actions.length - restored.saved.base;
      if (steps > 0 && this.firstVisitThisSession()) this.notices.show('info', `Welcome back: your sandbox was restored from this browser (${steps} step${steps === 1 ? '' : 's'}).`);
    } else if (restored && restored.status !== 'empty') {
      const text = restored.status === 'unreadable' ? restored.text : '';
      this.notices.show(
        'error',
        restored.message,
        text ? { label: 'Download the unreadable save', run: () => download(text, 'managed-identity-sandbox-unreadable-save.json') } : undefined,
      );
    }
    // Save settled states only: while a scenario loads, the context still holds the old sandbox.
    const sub = this.actor.subscribe((s) => {
      if (!s.matches('loading')) this.autosave?.save(s.context);
    });
    const stopWatching = this.options.location?.onHashChange(() => void this.openLinkInUrl()) ?? (() => {});
    this.stopSaving = () => {
      sub.unsubscribe();
      stopWatching();
    };
    await this.openLinkInUrl();
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
    const open = () => this.actor.send(loadEventOf(link.sandbox));
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
    this.replace(parsed.scenario, 0, `Import “${file.name}”?`);
  }

  /** Load a scenario as the learner's history (base actions are not undoable). */
  replace(scenario: Scenario, base: number, title: string, then?: () => void): void {
    const load = () => {
      this.actor.send({ type: 'LOAD', scenario, base });
      then?.();
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
