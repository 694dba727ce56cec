// What a learner chose in a form, kept while they move between tabs and resources (a tab's component is
// rebuilt each time it opens). Kept per mounted app, so a lesson's sandbox and the free one do not share
// choices; nothing here is saved across a reload.
import type { AppState } from '../app-state.svelte.ts';

const memory = new WeakMap<AppState, Map<string, object>>();

/** The form state stored under `key` for this app, created from `init` the first time. */
export function remembered<T extends object>(app: AppState, key: string, init: () => T): T {
  let forms = memory.get(app);
  if (!forms) memory.set(app, (forms = new Map()));
  const known = forms.get(key) as T | undefined;
  if (known) return known;
  const fresh = $state(init());
  forms.set(key, fresh);
  return fresh;
}
