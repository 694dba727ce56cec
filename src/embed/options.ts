// The element's attributes and the embed page's query parameters, read the same way. Everything here
// comes from a host page or a URL, so each value is checked and an unknown one falls back to the default.
// Kept tiny: it is in the element's first script, before anything heavy loads.

export type View = 'full' | 'diagram' | 'token' | 'lesson';
export type Theme = 'light' | 'dark' | 'auto';
export type Loading = 'lazy' | 'eager' | 'click';

export interface EmbedOptions {
  /** A lesson folder name (`03-grant-and-token`), or null. */
  lesson: string | null;
  view: View;
  theme: Theme;
  readonly: boolean;
  /** Names the saved state; null: the element's position on the page (mi-sandbox-1, -2, …). */
  instance: string | null;
  autosave: boolean;
  /** A CSS height (`600px`, `40rem`, `80vh`), or null: as tall as its content. */
  height: string | null;
  loading: Loading;
}

const VIEWS: readonly View[] = ['full', 'diagram', 'token', 'lesson'];
const THEMES: readonly Theme[] = ['light', 'dark', 'auto'];
const LOADINGS: readonly Loading[] = ['lazy', 'eager', 'click'];

const oneOf = <T extends string>(list: readonly T[], value: string | null, fallback: T): T => (list.includes(value as T) ? (value as T) : fallback);

/** Lesson ids are folder names: two digits, a dash, lowercase words (as `#lesson=` links). */
export const lessonId = (value: string | null): string | null => (value && /^\d{2}-[a-z0-9-]{1,80}$/.test(value) ? value : null);

/** A plain number means pixels; anything but a simple length is ignored. */
export function cssHeight(value: string | null): string | null {
  const v = value?.trim() ?? '';
  if (/^\d{2,5}$/.test(v)) return `${v}px`;
  return /^\d{1,5}(\.\d{1,3})?(px|rem|em|vh|svh|dvh)$/.test(v) ? v : null;
}

/** Boolean attributes: present means on, except an explicit "false" or "off". */
const flag = (value: string | null): boolean => value !== null && !/^(false|off|0|no)$/i.test(value);

/** Read options from an attribute or parameter getter (`el.getAttribute`, `params.get`). */
export function readOptions(get: (name: string) => string | null): EmbedOptions {
  const lesson = lessonId(get('lesson'));
  const instance = get('instance');
  return {
    lesson,
    view: oneOf(VIEWS, get('view'), lesson ? 'lesson' : 'full'),
    theme: oneOf(THEMES, get('theme'), 'auto'),
    readonly: flag(get('readonly')),
    instance: instance && /^[\w.:-]{1,64}$/.test(instance) ? instance : null,
    autosave: flag(get('autosave')),
    height: cssHeight(get('height')),
    loading: oneOf(LOADINGS, get('loading'), 'lazy'),
  };
}

export const OPTION_NAMES = ['lesson', 'scenario', 'view', 'height', 'theme', 'readonly', 'instance', 'autosave', 'loading'] as const;
