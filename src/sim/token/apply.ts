// Dispatch token, app registration and target actions to their modules, through the one runner.
import { run, type Step } from '../run.ts';
import type { World } from '../world.ts';
import type { TokenAction } from './actions.ts';
import { applyApp } from './apps.ts';
import { targetCall } from './targets/call.ts';
import { tokenRequest } from './tokenRequest.ts';

export function applyToken(world: World, action: TokenAction): Promise<Step> {
  switch (action.type) {
    case 'token.request':
      return run(world, action, (d) => tokenRequest(d, action));
    case 'target.call':
      return run(world, action, (d) => targetCall(d, action));
    default:
      return run(world, action, async (d) => ({ summary: applyApp(d, action) }));
  }
}
