// Dispatch token, app registration and target actions to their modules.
import type { World } from '../world.ts';
import { TOKEN_ACTIONS, type TokenAction } from './actions.ts';
import { applyApp } from './apps.ts';
import { run, type Step } from './step.ts';
import { targetCall } from './targets/call.ts';
import { tokenRequest } from './tokenRequest.ts';

export const TOKEN_TYPES = new Set<string>(TOKEN_ACTIONS.map((s) => s.entries.type.literal));

export function applyToken(world: World, action: TokenAction): Promise<Step> {
  switch (action.type) {
    case 'token.request':
      return run(world, (d) => tokenRequest(d, action));
    case 'target.call':
      return run(world, (d) => targetCall(d, action));
    default:
      return run(world, (d) => ({ summary: applyApp(d, action) }));
  }
}
