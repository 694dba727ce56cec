// Dispatch token, app registration and target actions to their modules.
import type { World } from '../world.ts';
import type { TokenAction } from './actions.ts';
import { applyApp } from './apps.ts';
import { run, type Step } from './step.ts';
import { targetCall } from './targets/call.ts';
import { tokenRequest } from './tokenRequest.ts';

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
