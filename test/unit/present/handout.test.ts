import { describe, expect, it } from 'vitest';
import { load } from '../../../src/machine/sandbox.ts';
import { decodeShareLink, encodeShareLink } from '../../../src/persist/index.ts';
import { playable } from '../../../src/present/demo.ts';
import { handoutSandbox } from '../../../src/present/handout.ts';
import { demoLibrary } from '../../../src/present/library.ts';

describe('hand out this step', () => {
  for (const demo of demoLibrary().demos) {
    it(`${demo.id}: the link rebuilds the presenter's world at every step, the steps so far undoable`, async () => {
      const p = playable(demo);
      const full = await load(p.scenario, p.base);
      for (const [step, cursor] of p.cursors.entries()) {
        const sandbox = handoutSandbox(demo, step);
        const encoded = await encodeShareLink(sandbox);
        if (!encoded.ok) throw new Error(encoded.message);
        const decoded = await decodeShareLink(encoded.value);
        if (!decoded.ok) throw new Error(decoded.message);
        const theirs = await load(decoded.sandbox.scenario, decoded.sandbox.base, decoded.sandbox.cursor);
        expect(theirs.cursor).toBe(cursor);
        expect(theirs.entries.length).toBe(cursor); // nothing after this step travels in the link
        expect(JSON.stringify(theirs.cursor ? theirs.entries[cursor - 1]!.world : theirs.baseWorld)).toBe(JSON.stringify(cursor ? full.entries[cursor - 1]!.world : full.baseWorld));
        expect(decoded.sandbox.scenario.title).toContain(demo.steps[step]!.title);
      }
    });
  }
});
