import { describe, expect, it } from 'vitest';
import { parsePresentRoute, presentHash, stepAfterKey } from '../../../src/present/route.ts';

describe('presenter addresses', () => {
  it('reads the forms', () => {
    expect(parsePresentRoute('#present')).toEqual({ mode: 'present', step: 0 });
    expect(parsePresentRoute('#present=vm-demo&step=3')).toEqual({ mode: 'present', demo: 'vm-demo', step: 2 });
    expect(parsePresentRoute('#speaker=vm-demo')).toEqual({ mode: 'speaker', demo: 'vm-demo', step: 0 });
    expect(parsePresentRoute('#present&from=mis1.abc')).toEqual({ mode: 'present', from: 'mis1.abc', step: 0 });
    expect(parsePresentRoute('#s=mis1.abc')).toBeNull();
    expect(parsePresentRoute('')).toBeNull();
    expect(parsePresentRoute('#present=x&step=-4')?.step).toBe(0);
    expect(parsePresentRoute('#present=x&step=nope')?.step).toBe(0);
  });

  it('writes what it reads', () => {
    for (const r of [{ mode: 'present', step: 0 }, { mode: 'speaker', demo: 'a-b', step: 4 }, { mode: 'present', from: 'mis1.x_y-z', step: 1 }, { mode: 'speaker', demo: 'mine', file: true, step: 2 }] as const) {
      expect(parsePresentRoute(presentHash(r))).toEqual(r);
    }
    expect(presentHash({ mode: 'present', step: 0 })).toBe('#present');
    expect(presentHash({ mode: 'present', demo: 'my-demo', file: true, step: 0 })).toBe('#present=my-demo&file');
    // The share link's own parameter is never used: the sandbox must not load a presented scenario.
    expect(presentHash({ mode: 'present', from: 'v', step: 0 })).not.toMatch(/[#&]s=/);
  });

  it('moves through the deck by key, within bounds', () => {
    expect(stepAfterKey('ArrowRight', 0, 3)).toBe(1);
    expect(stepAfterKey(' ', 2, 3)).toBe(2);
    expect(stepAfterKey('ArrowLeft', 0, 3)).toBe(0);
    expect(stepAfterKey('End', 0, 3)).toBe(2);
    expect(stepAfterKey('Home', 2, 3)).toBe(0);
    expect(stepAfterKey('x', 1, 3)).toBeNull();
  });
});
