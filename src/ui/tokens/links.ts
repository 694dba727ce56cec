// Where the full view of a token request or target call lives, and its one-line HTTP summary, for the
// outcome panel (which stays small: the token screens themselves load on demand).
import type { HttpExchange } from '../../sim/index.ts';
import { getResource, type Action, type World } from '../../sim/index.ts';
import type { Selection } from '../app-state.svelte.ts';

export function fullViewOf(world: World, action: Action): { selection: Selection; tab: string } | undefined {
  if (action.type !== 'token.request' && action.type !== 'target.call') return undefined;
  if (action.type === 'token.request' && action.clientCredentials) {
    const ref = action.clientCredentials.app.toLowerCase();
    const app = Object.values(world.applications).find((a) => a.appId === ref || a.displayName.toLowerCase() === ref);
    return app ? { selection: { kind: 'app', id: app.appId }, tab: 'credentials' } : undefined;
  }
  const from = action.from ? getResource(world, action.from) : undefined;
  if (from) return { selection: { kind: 'resource', id: from.id }, tab: action.type === 'token.request' ? 'token' : 'call' };
  return undefined;
}

/** "GET 169.254.169.254/metadata/identity/oauth2/token → 200 OK". */
export function httpLine(x: HttpExchange): string {
  let where = x.request.url;
  try {
    const u = new URL(x.request.url);
    where = `${u.host}${u.pathname}`;
  } catch {
    // Shown as written.
  }
  return `${x.request.method.toUpperCase()} ${where} → ${x.networkError !== undefined ? `no answer (${x.networkError})` : `${x.response.status} ${x.response.statusText}`}`;
}
