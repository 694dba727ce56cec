// Mermaid's `getConfig()` returns a copy of its whole configuration (~975 keys: every diagram type's
// settings and ~300 theme variables), made by its `assignWithDepth({}, config)`, which defines each key
// with Object.defineProperty. Mermaid calls it for every shape, edge and label it draws: in a CPU
// profile of an 8-node topology, ~55 of the ~140 ms a render took were these copies, ~0.5 ms each
// (docs/diagrams.md, Render pipeline). `copyConfig` makes the same copy with plain assignments, and the
// build puts it in place of Mermaid's (vite-plugin-mermaid.ts). Same result, key for key: the first
// three levels are new objects, deeper ones shared, null values left out, arrays copied with each item
// once (test/unit/diagram/mermaid-config-copy.test.ts checks it against Mermaid's own function).

type Plain = Record<string, unknown>;

/** As assignWithDepth copies an array into a new one: each item once, in order. */
function uniqueItems(source: unknown[]): unknown[] {
  const out: unknown[] = [];
  source.forEach((item) => {
    if (!out.includes(item)) out.push(item);
  });
  return out;
}

/**
 * One level: a spread (V8 clones the object's shape at once), then what assignWithDepth does otherwise:
 * null values out, arrays and objects copied, symbols and a plain `__proto__` value not copied.
 */
function copyLevel(source: object, depth: number): Plain {
  const out: Plain = { ...source };
  for (const key of Object.keys(source)) {
    const value = (source as Plain)[key];
    if (typeof value !== 'object') {
      // assignWithDepth leaves a plain `__proto__` value out (the new object's inherited one is an object).
      if (key === '__proto__') delete out[key];
    } else if (value === null) delete out[key];
    else out[key] = Array.isArray(value) ? uniqueItems(value) : depth > 1 ? copyLevel(value, depth - 1) : Object.assign({}, value);
  }
  for (const symbol of Object.getOwnPropertySymbols(out)) delete out[symbol as unknown as string];
  return out;
}

/** Mermaid's `assignWithDepth({}, config)` (depth 2) for a configuration object, without its cost. */
export function copyConfig<T extends object>(config: T): T {
  return copyLevel(config, 2) as T;
}
