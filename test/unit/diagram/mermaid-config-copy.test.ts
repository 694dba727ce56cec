// The build swaps Mermaid's getConfig copy for copyConfig (src/ui/diagram/vite-plugin-mermaid.ts): it
// must give what Mermaid's own assignWithDepth gives, for Mermaid's real configuration and for any
// object, and the installed Mermaid must still have the function the build replaces.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { copyConfig } from '../../../src/ui/diagram/mermaid-config-copy.ts';
import { copyModuleSource, GET_CONFIG, MINIFIED_GET_CONFIG, patchGetConfig, patchOneFile } from '../../../src/ui/diagram/vite-plugin-mermaid.ts';

const CHUNKS = resolve(import.meta.dirname, '../../../node_modules/mermaid/dist/chunks/mermaid.core');
/** Mermaid's module that defines getConfig (its file name carries a hash that changes with releases). */
const configModule = readdirSync(CHUNKS)
  .filter((f) => f.endsWith('.mjs'))
  .map((f) => join(CHUNKS, f))
  .filter((f) => GET_CONFIG.test(readFileSync(f, 'utf8')));

interface MermaidConfigModule {
  assignWithDepth_default: (dst: object, src: unknown) => unknown;
  setSiteConfig: (config: object) => unknown;
  getConfig: () => Record<string, unknown>;
}
const load = async () => (await import(configModule[0]!)) as MermaidConfigModule;
const mermaidCopy = async (config: object) => (await load()).assignWithDepth_default({}, config);

/**
 * Everything that tells two copies apart, as plain data: each object's prototype, its own keys in
 * order (symbols included) with their attributes, and its values; a function or an object from the
 * source by identity (what is shared), not by content. (toStrictEqual reads an own `constructor` key as
 * the object's type.)
 */
function anatomy(value: unknown, source: Set<unknown>, names: Map<unknown, number>): unknown {
  if (typeof value === 'function' || (typeof value === 'object' && value !== null && source.has(value))) {
    if (!names.has(value)) names.set(value, names.size);
    return `shared #${names.get(value)}`;
  }
  if (typeof value !== 'object' || value === null) return value === undefined ? 'undefined' : value;
  const proto = Object.getPrototypeOf(value);
  return {
    proto: proto === Object.prototype ? 'Object' : proto === Array.prototype ? 'Array' : proto === null ? 'null' : anatomy(proto, source, names),
    own: Reflect.ownKeys(value).map((k) => {
      const d = Object.getOwnPropertyDescriptor(value, k)!;
      return [String(k), d.enumerable, d.writable, d.configurable, anatomy(d.value, source, names)];
    }),
  };
}

/** Every object inside `root` (what a copy may share). */
function objectsIn(root: unknown, into = new Set<unknown>()): Set<unknown> {
  if (typeof root === 'object' && root !== null && !into.has(root)) {
    into.add(root);
    for (const k of Reflect.ownKeys(root)) objectsIn((root as Record<PropertyKey, unknown>)[k], into);
  }
  return into;
}

/** The two copies are the same, key for key, and share the same parts of `config`. */
function expectSameCopy(config: object, ours: unknown, theirs: unknown): void {
  const source = objectsIn(config);
  source.delete(config);
  const names = new Map<unknown, number>();
  expect(anatomy(ours, source, names)).toStrictEqual(anatomy(theirs, source, names));
}

describe('copyConfig, in place of Mermaid’s getConfig copy', () => {
  it('finds exactly one module to patch in the installed Mermaid, and patches its getConfig', () => {
    expect(configModule).toHaveLength(1);
    const patched = patchGetConfig(readFileSync(configModule[0]!, 'utf8'))!;
    expect(patched).toContain('return __copyConfig(currentConfig);');
    expect(patched).not.toMatch(GET_CONFIG);
    expect(patched.startsWith('import { copyConfig as __copyConfig } from ')).toBe(true);
    expect(patchGetConfig('export const x = 1;')).toBeNull();
  });

  it('patches the one-file build the render frame loads: its one getConfig copies with copyConfig, as plain JavaScript', async () => {
    const script = readFileSync(createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js'), 'utf8');
    const patched = patchOneFile(script, await copyModuleSource());
    expect([...patched.matchAll(MINIFIED_GET_CONFIG)]).toHaveLength(0);
    expect(patched.match(/=>__miCopyConfig\([\w$]+\),"getConfig"\)/g)).toHaveLength(1);
    expect(patched.startsWith('"use strict";var __miCopyConfig=')).toBe(true);
    // What goes in front of Mermaid runs on its own and copies as copyConfig does.
    const prelude = patched.slice('"use strict";'.length, patched.indexOf('\nvar __esbuild_esm_mermaid_nm') + 1);
    const copy = new Function(`${prelude}return __miCopyConfig;`)() as typeof copyConfig;
    const config = { a: { b: { c: [1] }, list: [1, 1] }, n: null, s: 'x' };
    expectSameCopy(config, copy(config), copyConfig(config));
    expect(() => patchOneFile('var x=1;', '')).toThrow(/getConfig/);
  });

  it('copies Mermaid’s own configuration as Mermaid does, light and dark', async () => {
    const mermaid = await load();
    for (const darkMode of [false, true]) {
      mermaid.setSiteConfig({
        securityLevel: 'strict',
        theme: 'base',
        darkMode,
        themeVariables: { primaryColor: darkMode ? '#272c33' : '#ffffff', dropShadow: 'none', useGradient: false, fontSize: '16px' },
        flowchart: { useMaxWidth: true, nodeSpacing: 36 },
      });
      const current = mermaid.getConfig();
      expect(Object.keys(current).length).toBeGreaterThan(30);
      expectSameCopy(current, copyConfig(current), await mermaidCopy(current));
    }
  });

  it('gives what assignWithDepth gives for any object: nulls, arrays with repeats, undefined, functions, odd keys', async () => {
    const odd = fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'length', '0', 'a');
    const key = fc.oneof(odd, fc.string({ maxLength: 4 }));
    const leaf = fc.oneof(fc.integer({ min: -2, max: 2 }), fc.constantFrom('x', 'y', true, null, undefined, () => 1));
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
      array: fc.array(tie('tree'), { maxLength: 4 }),
      object: fc.dictionary(key, tie('tree'), { maxKeys: 5 }),
    }));
    const mermaid = await load();
    fc.assert(
      fc.property(fc.dictionary(key, tree, { maxKeys: 6 }), (config) => {
        let theirs: unknown;
        try {
          theirs = mermaid.assignWithDepth_default({}, config);
        } catch (e) {
          // Object.assign can throw (a `__proto__` key gives the copy a prototype with read-only
          // properties): so must the copy, with the same error.
          expect(() => copyConfig(config)).toThrow((e as Error).constructor as new () => Error);
          return;
        }
        expectSameCopy(config, copyConfig(config), theirs);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves symbol keys out of the levels it copies key by key, as Object.entries does', async () => {
    const config = { [Symbol('top')]: 1, a: { [Symbol('inner')]: 2, b: { [Symbol('kept')]: 3 } } };
    expectSameCopy(config, copyConfig(config), await mermaidCopy(config));
    expect(Object.getOwnPropertySymbols(copyConfig(config))).toEqual([]);
  });

  it('makes the first three levels new and shares what is deeper, as Mermaid does', async () => {
    const deep = { d: 1 };
    const config = { a: { b: { c: deep }, list: [1, 1, 2] }, n: null };
    for (const copy of [copyConfig(config), (await mermaidCopy(config)) as typeof config]) {
      expect(copy).not.toBe(config);
      expect(copy.a).not.toBe(config.a);
      expect(copy.a.b).not.toBe(config.a.b);
      expect(copy.a.b.c).toBe(deep);
      expect(copy.a.list).toEqual([1, 2]);
      expect('n' in copy).toBe(false);
    }
  });
});
