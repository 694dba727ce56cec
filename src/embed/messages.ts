// The embed page's postMessage contract, and the H5P resizer messages it speaks for auto-height.
// Messages come from any window that can reach the iframe, so each one is checked (origin, source,
// shape) and anything else is dropped without an answer.

export const CONTEXT = 'mi-sandbox';
export const COMMANDS = ['load', 'reset', 'act', 'gotoStep'] as const;
export type Command = (typeof COMMANDS)[number];

export interface CommandMessage {
  context: typeof CONTEXT;
  command: Command;
  /** Echoed in the answer, to pair it with the question. */
  id?: string | number;
  /** load: the scenario; act: the action; gotoStep: the step number. */
  arg?: unknown;
}

export type H5pAction = 'ready' | 'hello' | 'prepareResize' | 'resizePrepared' | 'resize';

/** The only origin this page talks to: `?parentOrigin=https://docs.example` (an origin, nothing more). */
export function parentOriginOf(search: string): string | null {
  const value = new URLSearchParams(search).get('parentOrigin');
  if (!value) return null;
  try {
    const url = new URL(value);
    return /^https?:$/.test(url.protocol) && url.origin === value.replace(/\/$/, '') ? url.origin : null;
  } catch {
    return null;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A command from the host page, or null for anything else (wrong shape, unknown command, odd id). */
export function readCommand(data: unknown): CommandMessage | null {
  if (!isObject(data) || data.context !== CONTEXT || !COMMANDS.includes(data.command as Command)) return null;
  const id = data.id;
  if (id !== undefined && !(typeof id === 'number' && Number.isFinite(id)) && !(typeof id === 'string' && id.length <= 64)) return null;
  return { context: CONTEXT, command: data.command as Command, ...(id !== undefined ? { id: id as string | number } : {}), ...('arg' in data ? { arg: data.arg } : {}) };
}

/** An H5P resizer message from the host page (`{ context: 'h5p', action }`), or null. */
export function readH5p(data: unknown): H5pAction | null {
  if (!isObject(data) || data.context !== 'h5p') return null;
  return data.action === 'ready' || data.action === 'hello' || data.action === 'resizePrepared' ? data.action : null;
}
