// "Hand out this step": the demo's world at a step, as a share link for the students' own sandboxes.
// The setup is the start (not undoable); the steps so far are history, so a student can step back
// through them. The sandbox asks before a link replaces work (src/persist/overwrite.ts).
import type { SharedSandbox } from '../persist/index.ts';
import { playable, type Demo } from './demo.ts';

export function handoutSandbox(demo: Demo, step: number): SharedSandbox {
  const p = playable(demo);
  const cursor = p.cursors[Math.max(0, Math.min(step, p.cursors.length - 1))]!;
  const actions = p.scenario.actions.slice(0, p.base + cursor);
  return { scenario: { ...p.scenario, title: `${demo.title}: ${demo.steps[step]?.title ?? ''}`.slice(0, 200), actions }, base: p.base, cursor };
}

/** QR codes hold at most 2,953 bytes (version 40, low error correction); phones read far fewer well. */
export const QR_MAX_URL = 2000;
