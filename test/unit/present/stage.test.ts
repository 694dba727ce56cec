// What the presenter's stage draws at a step of a demo in the repo: each layout the stage may choose
// from, and a flow that never pairs a new token with a call made before it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { load } from '../../../src/machine/sandbox.ts';
import { parseDemoText, playable } from '../../../src/present/demo.ts';
import { stageAt } from '../../../src/present/stage.ts';

async function stagesOf(file: string) {
  const parsed = parseDemoText(readFileSync(new URL(`../../../demos/${file}`, import.meta.url), 'utf8'), file);
  if (!parsed.ok) throw new Error(parsed.problem);
  const p = playable(parsed.demo);
  const loaded = await load(p.scenario, p.base);
  return parsed.demo.steps.map((step, i) => {
    const cursor = p.cursors[i]!;
    const ctx = { ...loaded, cursor, world: cursor > 0 ? loaded.entries[cursor - 1]!.world : loaded.baseWorld };
    return stageAt(ctx, step, step.actions.length, 'light');
  });
}

describe('the stage', () => {
  it('offers a topology and an access path top to bottom and left to right, compact; a flow one way', async () => {
    const stages = await stagesOf('token-outlives-role.json');
    for (const s of stages) {
      expect(s.layouts[0]).toBe(s.diagram);
      const types = s.layouts.map((d) => d.text.split('\n')[0]);
      expect(types).toEqual(s.kind === 'flow' ? ['sequenceDiagram'] : ['flowchart TB', 'flowchart LR']);
      for (const d of s.layouts) expect(d.text.split('\n')[1]).toMatch(/^%%\{init: /);
    }
  });

  it('draws a token asked for after the last call alone, not beside the call an older token made', async () => {
    const stages = await stagesOf('token-outlives-role.json');
    // Step 6: a day later, a new token; the call of step 5 used the cached one.
    expect(stages[5]!.kind).toBe('flow');
    expect(stages[5]!.diagram.title).toBe('Flow: token request');
    expect(stages[5]!.diagram.text).not.toContain('participant target');
    // Step 7: the call with that token.
    expect(stages[6]!.kind).toBe('access');
    expect(stages[6]!.diagram.description).toMatch(/Refused/);
    // Step 5: its own token and call, drawn together.
    expect(stages[4]!.diagram.title).toBe('Flow: token request and call');
  });
});
