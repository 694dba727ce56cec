import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { load } from '../../../src/machine/sandbox.ts';
import { checkDemoReplays, parseDemoText, playable } from '../../../src/present/demo.ts';
import { demoLibrary } from '../../../src/present/library.ts';

const dir = new URL('../../../demos/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('demos in the repo', () => {
  it('there are the four stories', () => {
    expect(files.sort()).toEqual(['management-vs-data.json', 'system-assigned-lifecycle.json', 'token-outlives-role.json', 'user-assigned-shared.json']);
    expect(demoLibrary().problems).toEqual([]);
  });

  for (const file of files) {
    it(`${file}: valid, and every step applies when replayed headless`, async () => {
      const parsed = parseDemoText(readFileSync(new URL(file, dir), 'utf8'), `demos/${file}`);
      if (!parsed.ok) throw new Error(parsed.problem);
      const demo = parsed.demo;
      expect(await checkDemoReplays(demo, `demos/${file}`)).toEqual({ ok: true });
      // Loaded as the presenter loads it: one history entry per action, one cursor per step.
      const p = playable(demo);
      const loaded = await load(p.scenario, p.base);
      expect(loaded.entries.length).toBe(p.cursors.at(-1));
      for (const [i, step] of demo.steps.entries()) {
        expect(step.title.length).toBeGreaterThan(0);
        if (step.actions.length) expect(loaded.entries[p.cursors[i]! - 1]!.action).toEqual(step.actions.at(-1));
      }
    });
  }
});

describe('demo validation', () => {
  const good = { format: 'managed-identity-sandbox/demo', version: 1, title: 'T', scenario: { version: 1, seed: 's', actions: [] }, steps: [{ title: 'One' }] };

  it('accepts a minimal demo', () => {
    const r = parseDemoText(JSON.stringify(good), 'demos/x.json');
    expect(r.ok && r.demo.id).toBe('x');
  });

  it('names the file and the path of a problem', () => {
    const bad = { ...good, steps: [{ title: 'One', actions: [{ type: 'resource.delete' }] }] };
    const r = parseDemoText(JSON.stringify(bad), 'demos/bad.json');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem).toMatch(/^demos\/bad\.json: steps\.0\.actions\.0\.id/);
  });

  it('names a bad scenario, bad JSON, unknown keys and a wrong diagram', () => {
    const cases: [string, RegExp][] = [
      [JSON.stringify({ ...good, scenario: { version: 1, actions: [] } }), /^demos\/d\.json: scenario: seed/],
      ['{ nope', /^demos\/d\.json: not valid JSON/],
      [JSON.stringify({ ...good, extra: 1 }), /^demos\/d\.json: extra/],
      [JSON.stringify({ ...good, steps: [{ title: 'One', diagram: 'pie' }] }), /steps\.0\.diagram/],
      [JSON.stringify({ ...good, steps: [] }), /steps/],
    ];
    for (const [text, problem] of cases) {
      const r = parseDemoText(text, 'demos/d.json');
      expect(!r.ok && r.problem).toMatch(problem);
    }
  });

  it('names the step and action Azure refuses on replay', async () => {
    const r = parseDemoText(JSON.stringify({ ...good, steps: [{ title: 'One', actions: [{ type: 'resource.delete', id: '/resourceGroups/none/providers/Microsoft.Compute/virtualMachines/x' }] }] }), 'demos/r.json');
    if (!r.ok) throw new Error(r.problem);
    const check = await checkDemoReplays(r.demo, 'demos/r.json');
    expect(!check.ok && check.problem).toMatch(/^demos\/r\.json: steps\.0\.actions\.0 \(resource\.delete\) is refused/);
  });
});
