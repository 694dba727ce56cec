// Autosave: coalesced writes, a namespaced key, and every storage failure as a result, never a throw.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AUTOSAVE_FORMAT, autosaveKey, createAutosave, type AutosaveOptions } from '../../../src/persist/autosave.ts';
import { loadEventOf, savedFrom } from '../../../src/persist/saved.ts';
import { act, fingerprint, hostileScenario, loaded, started, typicalSandbox } from './fixtures.ts';

/** A Storage kept in a Map, that can be told to fail the way browsers do. */
class FakeStorage implements Storage {
  items = new Map<string, string>();
  writes = 0;
  failGet: Error | null = null;
  failSet: Error | null = null;
  get length() {
    return this.items.size;
  }
  key(i: number) {
    return [...this.items.keys()][i] ?? null;
  }
  getItem(key: string) {
    if (this.failGet) throw this.failGet;
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    if (this.failSet) throw this.failSet;
    this.writes++;
    this.items.set(key, String(value));
  }
  removeItem(key: string) {
    if (this.failSet) throw this.failSet;
    this.items.delete(key);
  }
  clear() {
    this.items.clear();
  }
}

const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
const denied = () => new DOMException('The operation is insecure.', 'SecurityError');
const NOW = new Date('2026-11-26T10:00:00Z');

function autosave(storage: FakeStorage | (() => Storage), options: Partial<AutosaveOptions> = {}) {
  return createAutosave({ storage, now: () => NOW, ...options });
}

describe('autosave', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('restores the same sandbox after a reload, every world byte for byte', async () => {
    const c = await typicalSandbox();
    const storage = new FakeStorage();
    const first = autosave(storage);
    expect(first.load()).toEqual({ status: 'empty' });
    first.save(c);
    expect(first.flush()).toEqual({ ok: true });
    const stored = JSON.parse(storage.items.get('managed-identity-sandbox:default:sandbox')!);
    expect(stored).toMatchObject({ format: AUTOSAVE_FORMAT, version: 1, savedAt: NOW.toISOString(), base: 5, cursor: 22 });

    const restored = autosave(storage).load();
    expect(restored).toEqual({ status: 'restored', saved: savedFrom(c, NOW), text: storage.getItem(autosaveKey())! });
    if (restored.status !== 'restored') return;
    vi.useRealTimers();
    expect(fingerprint(await loaded(loadEventOf(restored.saved)))).toBe(fingerprint(c));
  });

  it('keeps hostile text as data', async () => {
    vi.useRealTimers();
    const actor = await started({ scenario: hostileScenario, base: 3 });
    const c = actor.getSnapshot().context;
    const storage = new FakeStorage();
    const a = autosave(storage);
    a.load();
    a.save(c);
    a.flush();
    expect(autosave(storage).load()).toEqual({ status: 'restored', saved: { scenario: hostileScenario, base: 3, cursor: 4, savedAt: NOW.toISOString() }, text: storage.getItem(autosaveKey())! });
  });

  it('keeps instances on one page apart', async () => {
    const c = await typicalSandbox();
    const storage = new FakeStorage();
    const left = autosave(storage, { instance: 'left' });
    const right = autosave(storage, { instance: 'right' });
    expect(left.key).toBe(autosaveKey('left'));
    left.load();
    right.load();
    left.save(c);
    left.flush();
    expect(right.load()).toEqual({ status: 'empty' });
    expect(autosave(storage).load()).toEqual({ status: 'empty' });
    expect(autosave(storage, { instance: 'left' }).load()).toMatchObject({ status: 'restored' });
    right.clear();
    expect(left.load()).toMatchObject({ status: 'restored' });
  });

  it('coalesces: one write per interval, with the newest sandbox, and none when nothing changed', async () => {
    vi.useRealTimers();
    const actor = await started();
    const contexts = [actor.getSnapshot().context];
    for (const name of ['rg-a', 'rg-b', 'rg-c']) contexts.push(await act(actor, { type: 'resourceGroup.create', name }));
    vi.useFakeTimers();
    const storage = new FakeStorage();
    const onWrite = vi.fn();
    const a = autosave(storage, { onWrite });
    a.load();
    for (const c of contexts) {
      a.save(c);
      vi.advanceTimersByTime(50);
    }
    expect(storage.writes).toBe(0); // 200 ms in: nothing yet
    vi.advanceTimersByTime(100);
    expect(storage.writes).toBe(1);
    expect(onWrite).toHaveBeenCalledWith({ ok: true });
    expect(a.load()).toMatchObject({ status: 'restored', saved: { cursor: 3 } });

    a.save(contexts[3]!); // the same sandbox again: no write
    vi.advanceTimersByTime(1000);
    expect(storage.writes).toBe(1);

    a.save(contexts[1]!);
    vi.advanceTimersByTime(299);
    expect(storage.writes).toBe(1);
    vi.advanceTimersByTime(1);
    expect(storage.writes).toBe(2);
    expect(a.load()).toMatchObject({ saved: { cursor: 1 } });
  });

  it('flush writes at once (on page hide) and cancels the pending write', async () => {
    const c = await typicalSandbox();
    const storage = new FakeStorage();
    const a = autosave(storage);
    a.load();
    expect(a.flush()).toBe(null);
    a.save(c);
    expect(a.flush()).toEqual({ ok: true });
    expect(storage.writes).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(storage.writes).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('writes nothing until the save has been read, so a fresh page cannot overwrite it', async () => {
    const c = await typicalSandbox();
    const storage = new FakeStorage();
    storage.items.set(autosaveKey(), 'the save from last time');
    const a = autosave(storage);
    a.save(c);
    vi.advanceTimersByTime(1000);
    expect(a.flush()).toBe(null);
    expect(storage.items.get(autosaveKey())).toBe('the save from last time');
  });

  it('a full storage: the write fails with a calm message, and the last good save stays', async () => {
    const c = await typicalSandbox();
    const storage = new FakeStorage();
    const onWrite = vi.fn();
    const a = autosave(storage, { onWrite });
    a.load();
    a.save(c);
    a.flush();
    const good = storage.items.get(autosaveKey());
    storage.failSet = quota();
    a.save({ ...c, cursor: 1 });
    vi.advanceTimersByTime(300);
    expect(onWrite).toHaveBeenCalledWith({ ok: false, reason: 'quota', message: expect.stringMatching(/full.*Export it to a file/) });
    expect(storage.items.get(autosaveKey())).toBe(good);
    storage.failSet = null;
    expect(a.flush()).toEqual({ ok: true }); // a flush on page hide tries the failed write once more
    expect(a.load()).toMatchObject({ saved: { cursor: 1 } });
    a.save({ ...c, cursor: 2 }); // and saving carries on
    expect(a.flush()).toEqual({ ok: true });
  });

  it('storage disabled or out of reach: every call says so, none throws', async () => {
    const c = await typicalSandbox();
    const failing = new FakeStorage();
    failing.failGet = denied();
    failing.failSet = denied();
    const getterThrows = () => {
      throw denied(); // what reading window.localStorage does in a sandboxed iframe
    };
    for (const storage of [failing, getterThrows]) {
      const a = autosave(storage);
      expect(a.load()).toEqual({ status: 'unavailable', message: expect.stringMatching(/will not survive a reload/) });
      a.save(c);
      expect(a.flush()).toMatchObject({ ok: false, reason: 'unavailable' });
      expect(a.clear()).toMatchObject({ ok: false, reason: 'unavailable' });
      a.save({ ...c, cursor: 3 });
      expect(a.dispose()).toMatchObject({ ok: false, reason: 'unavailable' });
    }
  });

  it('a corrupted save is moved aside and reported, never dropped; saving then carries on', async () => {
    const c = await typicalSandbox();
    const storage = new FakeStorage();
    const text = JSON.stringify({ format: AUTOSAVE_FORMAT, version: 1, ...savedFrom(c, NOW) }).slice(0, 500);
    storage.items.set(autosaveKey(), text);
    const a = autosave(storage);
    const result = a.load();
    expect(result).toEqual({
      status: 'unreadable',
      reason: 'damaged',
      message: 'The saved sandbox is damaged and could not be restored. A copy was kept.',
      backupKey: `${autosaveKey()}:unreadable:${NOW.toISOString()}`,
      text,
    });
    if (result.status !== 'unreadable') return;
    expect(storage.items.get(result.backupKey!)).toBe(text);
    expect(storage.items.has(autosaveKey())).toBe(false);
    a.save(c);
    a.flush();
    expect(autosave(storage).load()).toMatchObject({ status: 'restored' });
    expect(storage.items.get(result.backupKey!)).toBe(text);
  });

  it('a save from a newer or older version, or with invalid content, is kept aside too, with the reason', async () => {
    const { scenario } = savedFrom(await typicalSandbox());
    const cases = [
      [{ format: AUTOSAVE_FORMAT, version: 2, savedAt: NOW.toISOString(), base: 0, cursor: 0, scenario }, 'newer', /newer version/],
      [{ format: AUTOSAVE_FORMAT, version: 0, savedAt: NOW.toISOString(), base: 0, cursor: 0, scenario }, 'older', /older version/],
      [{ format: AUTOSAVE_FORMAT, version: 1, savedAt: NOW.toISOString(), base: 0, cursor: 99, scenario }, 'invalid', /cursor: 99 is more than/],
      [{ format: AUTOSAVE_FORMAT, version: 1, base: 0, cursor: 0, scenario }, 'invalid', /savedAt: missing/],
      [{ format: AUTOSAVE_FORMAT, version: 1, savedAt: NOW.toISOString(), base: 0, cursor: 0, scenario: { ...scenario, seed: '' } }, 'invalid', /^The saved sandbox could not be restored \(seed: /],
      [{ format: 'something-else', version: 1 }, 'damaged', /damaged/],
      ['null', 'damaged', /damaged/],
    ] as const;
    for (const [data, reason, message] of cases) {
      const storage = new FakeStorage();
      const text = typeof data === 'string' ? data : JSON.stringify(data);
      storage.items.set(autosaveKey(), text);
      const result = autosave(storage).load();
      expect(result, reason).toMatchObject({ status: 'unreadable', reason, message: expect.stringMatching(message), text });
      expect([...storage.items.values()]).toEqual([text]);
    }
  });

  it('when even the copy cannot be written, the save stays where it was and its text comes back', () => {
    const storage = new FakeStorage();
    storage.items.set(autosaveKey(), '{"format": "managed-identity-sandbox/autos');
    storage.failSet = quota();
    const result = autosave(storage).load();
    expect(result).toMatchObject({ status: 'unreadable', reason: 'damaged', backupKey: null, text: '{"format": "managed-identity-sandbox/autos', message: expect.stringMatching(/Download a copy now/) });
    expect(storage.items.get(autosaveKey())).toBe('{"format": "managed-identity-sandbox/autos');
  });

  it('when the copy is written but the original cannot be removed, the copy is still reported', () => {
    const storage = new FakeStorage();
    storage.items.set(autosaveKey(), 'garbage');
    storage.removeItem = () => {
      throw denied();
    };
    const result = autosave(storage).load();
    expect(result).toMatchObject({ status: 'unreadable', backupKey: `${autosaveKey()}:unreadable:${NOW.toISOString()}`, message: expect.stringMatching(/A copy was kept/) });
    expect(storage.items.get(`${autosaveKey()}:unreadable:${NOW.toISOString()}`)).toBe('garbage');
  });

  it('clear forgets the save and any pending write; dispose flushes and stops', async () => {
    const c = await typicalSandbox();
    const storage = new FakeStorage();
    const a = autosave(storage);
    a.load();
    a.save(c);
    a.flush();
    a.save({ ...c, cursor: 1 });
    expect(a.clear()).toEqual({ ok: true });
    vi.advanceTimersByTime(1000);
    expect(storage.items.size).toBe(0);
    a.save({ ...c, cursor: 2 });
    expect(a.dispose()).toEqual({ ok: true });
    expect(vi.getTimerCount()).toBe(0);
    a.save(c); // after dispose: ignored
    vi.advanceTimersByTime(1000);
    expect(autosave(storage).load()).toMatchObject({ saved: { cursor: 2 } });
  });
});

describe('keeping a save aside', () => {
  it('copies the save beside the main key, untouched, and says where', () => {
    const storage = new FakeStorage();
    storage.items.set(autosaveKey(), 'the save');
    const a = autosave(storage);
    const copy = a.keepAside('the save');
    expect(copy).toBe(`${autosaveKey()}:kept:${NOW.toISOString()}`);
    expect(storage.items.get(copy!)).toBe('the save');
    expect(storage.items.get(autosaveKey())).toBe('the save');
  });

  it('returns null when the copy cannot be written (the UI then offers the download at once)', () => {
    const storage = new FakeStorage();
    storage.failSet = quota();
    expect(autosave(storage).keepAside('the save')).toBeNull();
  });
});

describe('two tabs on one sandbox', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a tab never saves over what another tab saved after it read the save; takeOver makes it the writer', async () => {
    const c = await typicalSandbox();
    const storage = new FakeStorage();
    const left = autosave(storage, { tabId: 'left' });
    const right = autosave(storage, { tabId: 'right' });
    left.load();
    right.load();
    right.save({ ...c, cursor: 3 });
    expect(right.flush()).toEqual({ ok: true });
    const rightsWork = storage.items.get(autosaveKey());
    expect(left.changedElsewhere()).toBe(true);
    expect(right.changedElsewhere()).toBe(false);

    left.save({ ...c, cursor: 1 });
    expect(left.flush()).toMatchObject({ ok: false, reason: 'conflict', message: expect.stringMatching(/another tab/) });
    expect(storage.items.get(autosaveKey())).toBe(rightsWork);
    // Still pending, still refused: nothing is lost and nothing overwritten until the learner chooses.
    expect(left.flush()).toMatchObject({ ok: false, reason: 'conflict' });

    left.takeOver();
    left.save({ ...c, cursor: 1 });
    expect(left.flush()).toEqual({ ok: true });
    expect(autosave(storage).load()).toMatchObject({ saved: { cursor: 1 } });
    // Now the other tab is the stale one.
    right.save({ ...c, cursor: 4 });
    expect(right.flush()).toMatchObject({ ok: false, reason: 'conflict' });
  });

  it('reading the save again (following the other tab) makes the next write safe', async () => {
    const c = await typicalSandbox();
    const storage = new FakeStorage();
    const left = autosave(storage, { tabId: 'left' });
    const right = autosave(storage, { tabId: 'right' });
    left.load();
    right.load();
    right.save({ ...c, cursor: 2 });
    right.flush();
    expect(left.load()).toMatchObject({ saved: { cursor: 2 } });
    left.save({ ...c, cursor: 5 });
    expect(left.flush()).toEqual({ ok: true });
    expect(JSON.parse(storage.items.get(autosaveKey())!).rev).toMatch(/^2\.left$/);
  });
});
