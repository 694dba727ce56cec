// Numbers that become dates are bounded in the schema, so a scenario can never hold a time the
// screen cannot format (a start past JavaScript's date range used to stop every redraw).
import { describe, expect, it } from 'vitest';
import { MAX_TIME, apply, createWorld, parseScenario, replay } from '../../../src/sim/index.ts';

describe('bounded times', () => {
  it.each([8.64e12 + 1, 1e300, MAX_TIME + 1, -1])('a numeric start of %d is refused with the range in words', (start) => {
    const r = parseScenario({ version: 1, seed: 's', start, actions: [] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatch(/^start: /);
  });

  it.each(['1969-12-31T23:59:59Z', '0001-01-01T00:00:00Z'])('an ISO start of %s is refused', (start) => {
    const r = parseScenario({ version: 1, seed: 's', start, actions: [] });
    expect(r.ok).toBe(false);
  });

  it('the last second of 9999 is accepted, and every time in the world still formats', async () => {
    const r = parseScenario({ version: 1, seed: 's', start: '9999-12-31T23:00:00Z', actions: [{ type: 'clock.advance', seconds: 3599 }] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { world } = await replay(r.scenario);
    expect(world.now).toBe(MAX_TIME);
    expect(new Date(world.now * 1000).toISOString()).toBe('9999-12-31T23:59:59.000Z');
  });

  it('the clock does not advance past 9999-12-31T23:59:59Z: Azure-style refusal, world unchanged', async () => {
    const world = createWorld({ start: MAX_TIME - 10 });
    const step = await apply(world, { type: 'clock.advance', seconds: 11 });
    expect(step.outcome.ok).toBe(false);
    expect(step.outcome.error?.code).toBe('SandboxLimit');
    expect(step.world).toBe(world);
  });

  it('createWorld refuses a start outside the range instead of making an unprintable clock', () => {
    expect(() => createWorld({ start: 8.64e12 + 1 })).toThrow(/outside the sandbox clock's range/);
  });
});
