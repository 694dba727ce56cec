// The presenter's addresses, in the URL fragment (never sent to a server):
//   #present               choose a demo
//   #present=<demo>        a demo from demos/, by file name
//   #present&from=<link>   the sandbox a share link holds, each of its actions a step
//   #present=<id>&file     the demo file last opened in this browser (kept in its storage, see demo-file.ts)
//   #speaker=… (same forms) the speaker's window: notes, next step, timer
// `&step=N` (1-based) opens at a step. `from` is not the share link's own `s`, so the sandbox's link
// handling never loads a presented scenario into someone's saved work.

export type PresentMode = 'present' | 'speaker';

export interface PresentRoute {
  mode: PresentMode;
  /** A repo demo's id. */
  demo?: string;
  /** A share link's value: present that sandbox. */
  from?: string;
  /** The demo is the file opened in this browser, not one from demos/. */
  file?: boolean;
  /** 0-based. */
  step: number;
}

export function parsePresentRoute(hash: string): PresentRoute | null {
  const text = hash.replace(/^#/, '');
  const params = new URLSearchParams(text);
  const mode: PresentMode | null = params.has('present') ? 'present' : params.has('speaker') ? 'speaker' : null;
  if (!mode) return null;
  const demo = params.get(mode) || undefined;
  const from = params.get('from') || undefined;
  const step = Math.max(0, (Number.parseInt(params.get('step') ?? '1', 10) || 1) - 1);
  return { mode, ...(demo ? { demo } : {}), ...(from ? { from } : {}), ...(params.has('file') ? { file: true } : {}), step };
}

export function presentHash(route: PresentRoute): string {
  const params = new URLSearchParams();
  params.set(route.mode, route.demo ?? '');
  if (route.from) params.set('from', route.from);
  if (route.file) params.set('file', '');
  if (route.step > 0) params.set('step', String(route.step + 1));
  // URLSearchParams writes `present=` and `file=`; the bare forms read better.
  return `#${params.toString().replace(/^(present|speaker)=(&|$)/, '$1$2').replace(/(^|&)file=(&|$)/, '$1file$2')}`;
}

/** Where a key press takes the deck (null: not a deck key). */
export function stepAfterKey(key: string, index: number, count: number): number | null {
  switch (key) {
    case 'ArrowRight':
    case 'PageDown':
    case ' ':
      return Math.min(count - 1, index + 1);
    case 'ArrowLeft':
    case 'PageUp':
      return Math.max(0, index - 1);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
