// The sandbox clock and the simulation's settings.
import { MAX_TIME, MAX_TIME_ISO } from '../world.ts';
import { fail } from '../outcome.ts';
import type { Handlers } from './actions.ts';

export const CLOCK_HANDLERS: Handlers<'clock.advance' | 'settings.set'> = {
  'clock.advance'(d, a) {
    if (d.world.now + a.seconds > MAX_TIME) {
      fail(400, 'SandboxLimit', `The sandbox clock cannot go past ${MAX_TIME_ISO}.`, ['This limit is the sandbox\'s: it is the latest time Azure\'s APIs can express (.NET DateTime.MaxValue).']);
    }
    d.world.now += a.seconds;
    return `The sandbox clock moved forward ${formatDuration(a.seconds)}.`;
  },

  'settings.set'(d, a) {
    d.world.settings = {
      propagationDelay: a.propagationDelay ?? d.world.settings.propagationDelay,
      tokenCache: a.tokenCache ?? d.world.settings.tokenCache,
    };
    const s = d.world.settings;
    return `Role propagation delay ${s.propagationDelay ? `${Math.round(s.propagationDelay / 60)} min` : 'off'}; token cache ${s.tokenCache ? 'on' : 'off'}.`;
  },
};

export function formatDuration(seconds: number): string {
  const parts: string[] = [];
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (d) parts.push(`${d} d`);
  if (h) parts.push(`${h} h`);
  if (m) parts.push(`${m} min`);
  if (s || !parts.length) parts.push(`${s} s`);
  return parts.join(' ');
}
