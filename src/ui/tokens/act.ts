// Send an action the learner built, after checking it against the action schema: a saved sandbox or a
// share link holds only actions that load again.
import { parseAction, type Action } from '../../sim/index.ts';
import type { AppState } from '../app-state.svelte.ts';

/** Acts and returns null, or returns the problem in words and sends nothing. */
export function actChecked(app: AppState, action: Action): string | null {
  const parsed = parseAction(action);
  if (!parsed.ok) return parsed.problem;
  app.act(parsed.action);
  return null;
}
