// Tables keyed by ids that come from learners, files and links. A plain object would read
// `table['constructor']` as Object's constructor and turn `table['__proto__'] = x` into a prototype
// change, so tables have no prototype and every look-up asks for an own key.

/** An empty table with no prototype: `__proto__`, `constructor` or `toString` are ordinary keys in it. */
export function emptyTable<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** The entry stored under `k` itself, never something inherited from Object.prototype. */
export function own<T>(table: Readonly<Record<string, T>>, k: string): T | undefined {
  return Object.hasOwn(table, k) ? table[k] : undefined;
}

/** A prototype-free shallow copy (for-in over a prototype-free object visits only its own keys, and is the fastest copy). */
export function copyTable<T>(table: Readonly<Record<string, T>>): Record<string, T> {
  const out = emptyTable<T>();
  if (Object.getPrototypeOf(table) === null) {
    for (const k in table) out[k] = table[k]!;
  } else {
    for (const k of Object.keys(table)) out[k] = table[k]!;
  }
  return out;
}

/** A copy with one entry set. */
export function withEntry<T>(table: Readonly<Record<string, T>>, k: string, value: T): Record<string, T> {
  const out = copyTable(table);
  out[k] = value;
  return out;
}
