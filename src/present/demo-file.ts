// A demo file the teacher opened (or just recorded): kept in this browser's storage so that the
// presenter's address (#present=<id>&file) survives a reload and the speaker's window can read it too.
// It is never the saved sandbox: presenting it changes nothing of the teacher's own work.
import { checkDemoReplays, demoIdOf, parseDemoText, type Demo } from './demo.ts';

export const OPENED_DEMO_KEY = 'managed-identity-sandbox:present:file';

export type OpenedDemo = { ok: true; demo: Demo } | { ok: false; message: string };

/** Check a demo file's text as the repo's demos are checked: the format, then that every step applies. */
export async function checkDemoFile(text: string, fileName: string): Promise<OpenedDemo> {
  const parsed = parseDemoText(text.replace(/^\uFEFF/, ''), fileName);
  if (!parsed.ok) return { ok: false, message: parsed.problem };
  const replays = await checkDemoReplays(parsed.demo, fileName);
  return replays.ok ? { ok: true, demo: parsed.demo } : { ok: false, message: replays.problem };
}

/** Keep the file for the presenter; false when the browser's storage refused it. */
export function keepDemoFile(storage: Storage, text: string, fileName: string): boolean {
  try {
    storage.setItem(OPENED_DEMO_KEY, JSON.stringify({ fileName, text }));
    return true;
  } catch {
    return false;
  }
}

/** The kept file, when it is the demo `id` names. */
export async function keptDemoFile(storage: Storage, id: string): Promise<OpenedDemo> {
  let kept: unknown = null;
  try {
    kept = JSON.parse(storage.getItem(OPENED_DEMO_KEY) ?? 'null');
  } catch {
    kept = null;
  }
  const { fileName, text } = (kept ?? {}) as { fileName?: unknown; text?: unknown };
  if (typeof fileName !== 'string' || typeof text !== 'string' || demoIdOf(fileName) !== id) {
    return { ok: false, message: `The demo file “${id}.json” is not open in this browser: open it again.` };
  }
  return checkDemoFile(text, fileName);
}
