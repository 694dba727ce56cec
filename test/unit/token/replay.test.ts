// Token requests and target calls replay like any other action: same seed and actions, same world,
// byte for byte, and a scenario file reports every answer.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenarioText, replay } from '../../../src/sim/index.ts';

const text = readFileSync(new URL('../../fixtures/tokens.json', import.meta.url), 'utf8');

describe('replaying token scenarios', () => {
  it('the fixture is a valid scenario, written with reference forms only [design: lessons are data]', () => {
    const parsed = parseScenarioText(text);
    expect(parsed.ok).toBe(true);
    // No generated ids in the file: subscription ids, client ids and secrets are all referred to.
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/);
  });

  it('replays to a byte-identical world, tokens and signatures included [design: replay]', async () => {
    const parsed = parseScenarioText(text);
    if (!parsed.ok) throw new Error(parsed.problem);
    const a = await replay(parsed.scenario);
    const b = await replay(parsed.scenario);
    expect(JSON.stringify(a.world)).toBe(JSON.stringify(b.world));
    expect(JSON.stringify(a.outcomes)).toBe(JSON.stringify(b.outcomes));
    expect(Object.keys(a.world.tokens)).toHaveLength(4);
  });

  it('reports each token request and target call with its HTTP exchange and reason', async () => {
    const parsed = parseScenarioText(text);
    if (!parsed.ok) throw new Error(parsed.problem);
    const seen: { type: string; status?: number; ok: boolean }[] = [];
    await replay(parsed.scenario, (_, action, outcome) => seen.push({ type: action.type, ok: outcome.ok, ...(outcome.http ? { status: outcome.http.response.status } : {}) }));
    const http = seen.filter((s) => s.type === 'token.request' || s.type === 'target.call');
    expect(http.map((s) => s.status)).toEqual([200, 403, 200, 200, 403, 200, 200, 200, 401, undefined]);
    expect(seen.every((s) => s.ok)).toBe(true);
  });

  it('a different seed gives different ids and tokens, but the same answers', async () => {
    const parsed = parseScenarioText(text);
    if (!parsed.ok) throw new Error(parsed.problem);
    const a = await replay(parsed.scenario);
    const b = await replay({ ...parsed.scenario, seed: 'other' });
    expect(a.world.tenant.id).not.toBe(b.world.tenant.id);
    expect(b.outcomes.map((o) => o.http?.response.status)).toEqual(a.outcomes.map((o) => o.http?.response.status));
  });
});
