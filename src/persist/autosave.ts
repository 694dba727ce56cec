// Autosave: the sandbox in a Storage the app hands in (localStorage), one key per app instance so
// that several sandboxes on one page keep apart. Writes are coalesced; nothing here throws: every
// failure comes back as a result with a calm message, and a save that cannot be read is moved aside,
// never dropped.
import type { SandboxContext } from '../machine/sandbox.ts';
import { SAVED_VERSION, checkSaved, savedFrom, upgrade, type SavedSandbox } from './saved.ts';

export const AUTOSAVE_FORMAT = 'managed-identity-sandbox/autosave';

export interface AutosaveOptions {
  /** The storage, or a getter for it: in a sandboxed iframe merely reading `window.localStorage` throws. */
  storage: Storage | (() => Storage);
  /** Names this sandbox among others on the same origin. */
  instance?: string;
  /** The most often a write happens, in ms. */
  interval?: number;
  now?: () => Date;
  /** Told about every write the timer makes, so the UI can say when saving stopped working. */
  onWrite?: (result: WriteResult) => void;
  /** Names this tab in the save's revision, so another tab's write is told apart from this one's. */
  tabId?: string;
}

/**
 * `conflict`: another tab saved this sandbox since this tab read it. Nothing was written; the write
 * stays pending until the UI resolves it (takeOver, or reload to follow the other tab).
 */
export type WriteResult = { ok: true } | { ok: false; reason: 'quota' | 'unavailable' | 'conflict'; message: string };

export type RestoreResult =
  /** `text` is the save as stored, to keep aside if replaying it loses work (see keepAside). */
  | { status: 'restored'; saved: SavedSandbox; text: string }
  | { status: 'empty' }
  | { status: 'unavailable'; message: string }
  /** The save was moved to `backupKey` (null if even that failed); `text` is what it held, to offer as a download. */
  | { status: 'unreadable'; reason: 'damaged' | 'newer' | 'older' | 'invalid'; message: string; backupKey: string | null; text: string };

/** What the autosave reads from the sandbox actor's context. */
export type Saveable = Pick<SandboxContext, 'header' | 'base' | 'entries' | 'cursor'> & Partial<Pick<SandboxContext, 'startCount'>>;

export interface Autosave {
  readonly key: string;
  /** Read the save. Until this (or `clear`) has run once, `save` is ignored, so a page never overwrites a save nobody has read. */
  load(): RestoreResult;
  /** Whether another tab has saved since this tab last read or wrote the save. */
  changedElsewhere(): boolean;
  /** Make this tab's sandbox the saved one from now on, although another tab saved since (keep that save aside first). */
  takeOver(): void;
  /** Note the sandbox as it is now; it is written within `interval` ms, together with any later changes. */
  save(sandbox: Saveable): void;
  /** Write a pending change now (on page hide). Null when nothing was pending. */
  flush(): WriteResult | null;
  /** Forget the save (a fresh start). */
  clear(): WriteResult;
  /**
   * Keep a copy of a save beside the main key (`<key>:kept:<time>`), before anything can overwrite it:
   * for a save that reads well but whose replay lost steps. Returns the copy's key, or null when even
   * the copy could not be written (then offer `text` as a download at once).
   */
  keepAside(text: string): string | null;
  /** Flush and stop the timer. */
  dispose(): WriteResult | null;
}

const CONFLICT = 'This sandbox was saved from another tab since this tab opened it, so this tab did not save over it.';
const QUOTA = 'The browser’s storage for this page is full, so the sandbox was not saved. Export it to a file to keep your work.';
const UNAVAILABLE = 'This browser does not let the page store data (private browsing or an embedded frame), so the sandbox will not survive a reload. Export it to a file to keep your work.';

export function autosaveKey(instance = 'default'): string {
  return `managed-identity-sandbox:${instance}:sandbox`;
}

export function createAutosave({ storage, instance, interval = 300, now = () => new Date(), onWrite, tabId = randomTabId() }: AutosaveOptions): Autosave {
  const key = autosaveKey(instance);
  const store = () => (typeof storage === 'function' ? storage() : storage);
  /** The revision this tab's sandbox is based on: what it last read or wrote. */
  let knownRev: string | null = null;
  /** The save's revision, `<n>.<tab id>`: its first field, so it is read without parsing the whole save. */
  const readRev = (): string | null => {
    try {
      const text = store().getItem(key);
      return text === null ? null : (REV_FIELD.exec(text)?.[1] ?? '');
    } catch {
      return knownRev;
    }
  };
  let armed = false;
  let pending: Saveable | null = null;
  let written: Saveable | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function write(): WriteResult | null {
    clearTimeout(timer);
    timer = undefined;
    const sandbox = pending;
    pending = null;
    if (!sandbox || unchanged(sandbox, written)) return null;
    // Checked before every write: never save over what another tab saved meanwhile.
    const current = readRev();
    if (current !== knownRev) {
      pending = sandbox;
      return { ok: false, reason: 'conflict', message: CONFLICT };
    }
    try {
      const { scenario, base, cursor, savedAt } = savedFrom(sandbox, now());
      const next = `${(Number.parseInt(current ?? '0', 10) || 0) + 1}.${tabId}`;
      store().setItem(key, JSON.stringify({ rev: next, format: AUTOSAVE_FORMAT, version: SAVED_VERSION, savedAt, base, cursor, scenario }));
      knownRev = next;
      written = sandbox;
      return { ok: true };
    } catch (e) {
      pending ??= sandbox; // so that a flush on page hide tries once more
      return failure(e);
    }
  }

  return {
    key,
    changedElsewhere: () => readRev() !== knownRev,
    takeOver() {
      knownRev = readRev();
      written = null;
    },
    load() {
      armed = true;
      knownRev = readRev();
      let text: string | null;
      try {
        text = store().getItem(key);
      } catch {
        return { status: 'unavailable', message: UNAVAILABLE };
      }
      if (text === null) return { status: 'empty' };
      const read = readSave(text);
      if (read.ok) return { status: 'restored', saved: read.saved, text };
      // Move it aside before the next write replaces it; leave it in place if the move fails.
      let backupKey: string | null = `${key}:unreadable:${now().toISOString()}`;
      try {
        store().setItem(backupKey, text);
      } catch {
        backupKey = null;
      }
      try {
        if (backupKey) store().removeItem(key);
      } catch {
        // the copy is safe, and the next save replaces the original
      }
      knownRev = readRev(); // the save was moved aside: the next write starts afresh
      const kept = backupKey ? ' A copy was kept.' : ' Download a copy now: the next save will replace it.';
      return { status: 'unreadable', reason: read.reason, message: read.message + kept, backupKey, text };
    },
    save(sandbox) {
      if (!armed) return;
      pending = sandbox;
      timer ??= setTimeout(() => {
        const result = write();
        if (result) onWrite?.(result);
      }, interval);
    },
    flush: write,
    clear() {
      armed = true;
      clearTimeout(timer);
      timer = undefined;
      pending = written = null;
      try {
        store().removeItem(key);
        knownRev = readRev();
        return { ok: true };
      } catch (e) {
        return failure(e);
      }
    },
    keepAside(text) {
      const copy = `${key}:kept:${now().toISOString()}`;
      try {
        store().setItem(copy, text);
        return copy;
      } catch {
        return null;
      }
    },
    dispose() {
      const result = write();
      armed = false;
      return result;
    },
  };
}

const REV_FIELD = /^\{"rev":"([0-9]+\.[\w-]{1,40})"/;

function randomTabId(): string {
  return globalThis.crypto?.randomUUID?.().slice(0, 8) ?? Math.random().toString(36).slice(2, 10);
}

// The actor makes new arrays on every change, so identity tells whether there is anything new to write.
function unchanged(a: Saveable, b: Saveable | null): boolean {
  return b !== null && a.header === b.header && a.base === b.base && a.entries === b.entries && a.cursor === b.cursor;
}

function failure(e: unknown): WriteResult {
  const { name, code } = (e ?? {}) as { name?: unknown; code?: unknown };
  const quota = name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' || code === 22;
  return quota ? { ok: false, reason: 'quota', message: QUOTA } : { ok: false, reason: 'unavailable', message: UNAVAILABLE };
}

type Read = { ok: true; saved: SavedSandbox } | { ok: false; reason: 'damaged' | 'newer' | 'older' | 'invalid'; message: string };

function readSave(text: string): Read {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    data = undefined;
  }
  if (typeof data !== 'object' || data === null || !('format' in data) || data.format !== AUTOSAVE_FORMAT || !('version' in data) || !Number.isSafeInteger(data.version)) {
    return { ok: false, reason: 'damaged', message: 'The saved sandbox is damaged and could not be restored.' };
  }
  const { format: _, version, rev: _rev, ...rest } = data as { format: string; version: number; rev?: unknown };
  const upgraded = upgrade(rest, version);
  if (!upgraded.ok) {
    return upgraded.reason === 'newer'
      ? { ok: false, reason: 'newer', message: 'The saved sandbox was made by a newer version of the sandbox: reload the page to get that version.' }
      : { ok: false, reason: 'older', message: 'The saved sandbox is from an older version that this one can no longer open.' };
  }
  const checked = checkSaved(upgraded.data);
  const problem = checked.ok ? (checked.saved.savedAt === undefined ? 'savedAt: missing' : null) : checked.problem;
  if (!checked.ok || problem !== null) return { ok: false, reason: 'invalid', message: `The saved sandbox could not be restored (${problem}).` };
  return { ok: true, saved: checked.saved as SavedSandbox };
}
