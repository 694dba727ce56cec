// World tables: prototype-free, read by own key, and shared between worlds. A write makes a new version
// that shares the rest; the version it came from, and every world holding it, never changes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apply, replay, type Action } from '../../../src/sim/index.ts';
import { PLAIN_LIMIT, emptyTable, isPersistent, own, writableTable } from '../../../src/sim/table.ts';

const HOSTILE = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', '__defineGetter__'];

/** Entries that make a table large enough to be persistent once written. */
const FILLER: [string, number][] = Array.from({ length: PLAIN_LIMIT + 1 }, (_, i) => [`filler-${i}`, i]);

/** A writable persistent table holding the filler. */
function large(): Record<string, number> {
  const t = emptyTable<number>();
  for (const [k, v] of FILLER) t[k] = v;
  const w = writableTable(t);
  expect(isPersistent(w)).toBe(true);
  return w;
}

/** A plain prototype-free object given the filler and the same writes: what a table must read like. */
function plainAfter(writes: [string, number | null][]): Record<string, number> {
  const t = emptyTable<number>();
  for (const [k, v] of FILLER) t[k] = v;
  for (const [k, v] of writes) {
    if (v === null) delete t[k];
    else t[k] = v;
  }
  return t;
}

describe('persistent tables', () => {
  it('read like a prototype-free object, hostile keys included', () => {
    const t = large();
    for (const [i, k] of HOSTILE.entries()) t[k] = i;
    expect(Object.getPrototypeOf(t)).toBeNull();
    for (const [i, k] of HOSTILE.entries()) {
      expect(own(t, k)).toBe(i);
      expect(t[k]).toBe(i);
      expect(Object.hasOwn(t, k)).toBe(true);
    }
    expect(Object.keys(t).slice(FILLER.length)).toEqual(HOSTILE);
    expect(JSON.stringify(t)).toBe(JSON.stringify(Object.fromEntries([...FILLER, ...HOSTILE.map((k, i) => [k, i])])));
    // Keys never written are absent, inherited names included.
    const fresh = large();
    for (const k of HOSTILE) {
      expect(own(fresh, k)).toBeUndefined();
      expect(fresh[k]).toBeUndefined();
      expect(k in fresh).toBe(false);
    }
    expect(Object.getPrototypeOf(Object.prototype)).toBeNull(); // nothing leaked onto Object.prototype
    expect(({} as Record<string, unknown>)['0']).toBeUndefined();
  });

  it('an old version is unchanged after writes to a new one, and shares what was not written', () => {
    const start = emptyTable<{ n: number }>();
    for (let i = 0; i < 5000; i++) start[`k-${i}`] = { n: i };
    const v1 = writableTable(start);
    const before = JSON.stringify(v1);
    const v2 = writableTable(v1);
    v2['k-10'] = { n: -1 };
    delete v2['k-20'];
    v2['__proto__'] = { n: 42 };
    expect(JSON.stringify(v1)).toBe(before);
    expect(v1['k-10']!.n).toBe(10);
    expect(Object.hasOwn(v1, 'k-20')).toBe(true);
    expect(Object.hasOwn(v1, '__proto__')).toBe(false);
    expect(v2['k-10']!.n).toBe(-1);
    expect(Object.hasOwn(v2, 'k-20')).toBe(false);
    expect(v2['k-30']).toBe(v1['k-30']); // the same entry, not a copy
    expect(Object.keys(v2)).toHaveLength(5000);
    // Writing the old version after a new one was made from it copies too: the new one stays as it was.
    const v2json = JSON.stringify(v2);
    v1['k-30'] = { n: -3 };
    expect(JSON.stringify(v2)).toBe(v2json);
  });

  it('a world given to apply is unchanged, and the next world shares its tables', async () => {
    const actions: Action[] = Array.from({ length: PLAIN_LIMIT + 100 }, (_, i) => ({ type: 'resourceGroup.create', name: `rg-${i}` }));
    const { world } = await replay({ seed: 't', actions });
    const before = JSON.stringify(world);
    const step = await apply(world, { type: 'resourceGroup.create', name: '__proto__' });
    expect(step.outcome.ok).toBe(true);
    expect(JSON.stringify(world)).toBe(before);
    expect(Object.keys(step.world.resourceGroups)).toHaveLength(PLAIN_LIMIT + 101);
    expect(isPersistent(step.world.resourceGroups)).toBe(true);
    const key = Object.keys(world.resourceGroups)[7]!;
    expect(step.world.resourceGroups[key]).toBe(world.resourceGroups[key]);
    expect(step.world.resources).toBe(world.resources); // a table not written is the same table
  });

  it('small tables stay plain copies; a frozen table refuses writes and still makes new versions', () => {
    const plain = emptyTable<number>();
    plain['x'] = 9;
    const copy = writableTable(plain);
    expect(isPersistent(copy)).toBe(false);
    copy['y'] = 1;
    expect(Object.keys(plain)).toEqual(['x']);
    const t = large();
    t['a'] = 1;
    Object.freeze(t);
    expect(Object.isFrozen(t)).toBe(true);
    expect(() => {
      t['b'] = 2;
    }).toThrow(TypeError);
    expect(t['a']).toBe(1);
    const next = writableTable(t);
    next['b'] = 2;
    expect(Object.keys(next).slice(FILLER.length)).toEqual(['a', 'b']);
    expect(Object.keys(t).slice(FILLER.length)).toEqual(['a']);
  });

  it('keeps a plain object’s order through growth, mass deletes (holes dropped) and re-adds', () => {
    const writes: [string, number | null][] = [];
    for (let i = 0; i < 1500; i++) writes.push([`new-${i}`, i]); // grows past its buckets twice
    for (let i = 0; i < FILLER.length; i++) if (i % 10) writes.push([`filler-${i}`, null]); // holes outnumber entries
    for (let i = 0; i < 1400; i++) writes.push([`new-${i}`, null]);
    writes.push(['filler-3', 3], ['new-1450', -1], ['7', 7], ['3', 3]);
    const t = large();
    for (const [k, v] of writes) {
      if (v === null) delete t[k];
      else t[k] = v;
    }
    expect(JSON.stringify(t)).toBe(JSON.stringify(plainAfter(writes)));
    expect(Object.keys(t).slice(0, 2)).toEqual(['3', '7']); // array-index keys first, as a plain object lists them
  });

  it('any sequence of writes and deletes reads exactly like a plain object (order, JSON, look-ups)', () => {
    const key = fc.oneof(fc.constantFrom(...HOSTILE, '0', '7', '10', '4294967295', '01'), fc.string({ maxLength: 4 }), fc.nat(200).map((n) => `k${n}`));
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.option(fc.integer(), { nil: null })), { maxLength: 400 }), fc.nat(400), (writes, split) => {
        // Writes land in two versions (a draft made from the first), as apply() would make them.
        let t = large();
        writes.forEach(([k, v], i) => {
          if (i === split) t = writableTable(t);
          if (v === null) delete t[k];
          else t[k] = v;
        });
        const plain = plainAfter(writes);
        expect(Object.keys(t)).toEqual(Object.keys(plain));
        expect(JSON.stringify(t)).toBe(JSON.stringify(plain));
        for (const [k] of writes) {
          expect(own(t, k)).toBe(own(plain, k));
          expect(Object.hasOwn(t, k)).toBe(Object.hasOwn(plain, k));
        }
      }),
      { seed: 9, numRuns: 300 },
    );
  });
});
