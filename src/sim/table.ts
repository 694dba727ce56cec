// Tables keyed by ids that come from learners, files and links. A plain object would read
// `table['constructor']` as Object's constructor and turn `table['__proto__'] = x` into a prototype
// change, so tables have no prototype and every look-up asks for an own key.
//
// A world's tables are also shared between worlds (undo keeps every world of the last steps). Copying a
// table to change one entry costs time and memory in proportion to its size, so a large written table
// is a persistent one: copy-on-write chunks behind a Proxy that reads like a prototype-free object (own
// keys in the order a plain object lists them, `Object.hasOwn`, `Object.values`, `for…in`, JSON). A
// write copies only the chunks it touches; the table it came from never changes.

/** An empty table with no prototype: `__proto__`, `constructor` or `toString` are ordinary keys in it. */
export function emptyTable<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** The entry stored under `k` itself, never something inherited from Object.prototype. */
export function own<T>(table: Readonly<Record<string, T>>, k: string): T | undefined {
  const box = boxes.get(table);
  if (box) return lookup(box.state, k) as T | undefined;
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

/** A copy with one entry set (for the small tables inside a resource: secrets, containers, blobs). */
export function withEntry<T>(table: Readonly<Record<string, T>>, k: string, value: T): Record<string, T> {
  const out = copyTable(table);
  out[k] = value;
  return out;
}

/**
 * Tables up to this size are plain prototype-free objects, copied to be written: a copy of a few hundred
 * entries costs microseconds, and a plain object is read several times faster than a Proxy (handlers scan
 * whole tables). Past it a written table becomes persistent, so a write no longer costs its size.
 */
export const PLAIN_LIMIT = 1024;

/**
 * A writable version of `table`; `table` itself stays as it was. A small table is copied; a large one
 * becomes (or already is) persistent, and the result shares all but the entries written to it.
 */
export function writableTable<T>(table: Readonly<Record<string, T>>): Record<string, T> {
  const base = boxes.get(table);
  if (base) {
    base.owned = null; // its chunks are shared from now on: a later write to it copies them too
    return makeTable(new Box({ ...base.state }, true)) as Record<string, T>;
  }
  const keys = Object.keys(table);
  if (keys.length <= PLAIN_LIMIT) return copyTable(table);
  return makeTable(new Box(fromEntries(keys.map((k) => [k, table[k]])), true)) as Record<string, T>;
}

/** Whether `table` is a persistent (shared, copy-on-write) table rather than a plain object. */
export function isPersistent(table: object): boolean {
  return boxes.has(table);
}

// ---------------------------------------------------------------------------------------------------
// The persistent table. Entries live in insertion order in fixed-size chunks (`order`, with holes where
// an entry was deleted); a key finds its position through one of `buckets` (Maps, chosen by a hash of
// the key). Writing copies the directory arrays and the one bucket and chunk it changes: O(n / CHUNK +
// bucket size) pointers, a few microseconds at 10,000 entries, against copying all 10,000.

const CHUNK = 64;
const BUCKET_LOAD = 16;

interface Entry {
  readonly key: string;
  readonly value: unknown;
}

interface State {
  size: number;
  /** Positions handed out (entries and holes). */
  length: number;
  holes: number;
  /** Keys that are array indices ("0", "17"): a plain object lists them first, in numeric order. */
  indexKeys: number;
  order: (Entry | undefined)[][];
  buckets: Map<string, number>[];
}

class Box {
  /** Arrays and Maps this box made since it was last shared: it may change them in place. */
  owned: Set<object> | null = new Set();
  /** Materialized by Object.freeze: from then on the Proxy defers to its target. */
  frozen = false;
  /** The last entry asked for: Object.values and JSON ask for each key's descriptor, then its value. */
  lastKey: string | undefined;
  lastEntry: Entry | undefined;
  constructor(
    public state: State,
    readonly writable: boolean,
  ) {}
}

const boxes = new WeakMap<object, Box>();

/** FNV-1a over the length and the last 24 characters: ids differ at their ends (ARM ids share their starts). */
function hash(key: string): number {
  let h = Math.imul(0x811c9dc5 ^ key.length, 0x01000193);
  for (let i = Math.max(0, key.length - 24); i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function isIndexKey(k: string): boolean {
  return /^(?:0|[1-9]\d{0,9})$/.test(k) && Number(k) < 4294967295;
}

function bucketOf(state: State, key: string): Map<string, number> {
  return state.buckets[hash(key) & (state.buckets.length - 1)]!;
}

function entryAt(state: State, key: string): Entry | undefined {
  const at = bucketOf(state, key).get(key);
  return at === undefined ? undefined : state.order[at >>> 6]![at & (CHUNK - 1)];
}

function lookup(state: State, key: string): unknown {
  return entryAt(state, key)?.value;
}

function has(state: State, key: string): boolean {
  return bucketOf(state, key).has(key);
}

function fromEntries(entries: [string, unknown][]): State {
  let buckets = 8;
  while (entries.length > buckets * BUCKET_LOAD) buckets *= 2;
  const state: State = { size: 0, length: 0, holes: 0, indexKeys: 0, order: [], buckets: Array.from({ length: buckets }, () => new Map()) };
  for (const [key, value] of entries) {
    const at = state.length++;
    if (at % CHUNK === 0) state.order.push([]);
    state.order[at >>> 6]!.push({ key, value });
    bucketOf(state, key).set(key, at);
    state.size++;
    if (isIndexKey(key)) state.indexKeys++;
  }
  return state;
}

function* liveEntries(state: State): Generator<Entry> {
  for (const chunk of state.order) for (const e of chunk) if (e) yield e;
}

function keysOf(state: State): string[] {
  const keys: string[] = [];
  for (const chunk of state.order) for (const e of chunk) if (e) keys.push(e.key);
  if (!state.indexKeys) return keys;
  const index = keys.filter(isIndexKey).sort((a, b) => Number(a) - Number(b));
  return [...index, ...keys.filter((k) => !isIndexKey(k))];
}

/** `thing`, or a copy of it this box may change in place. */
function mine<T extends object>(box: Box, thing: T, copy: (t: T) => T): T {
  if (box.owned?.has(thing)) return thing;
  const made = copy(thing);
  (box.owned ??= new Set()).add(made);
  return made;
}

function writableBucket(box: Box, key: string): Map<string, number> {
  const s = box.state;
  s.buckets = mine(box, s.buckets, (b) => b.slice());
  const i = hash(key) & (s.buckets.length - 1);
  return (s.buckets[i] = mine(box, s.buckets[i]!, (m) => new Map(m)));
}

function writableChunk(box: Box, at: number): (Entry | undefined)[] {
  const s = box.state;
  s.order = mine(box, s.order, (o) => o.slice());
  const c = at >>> 6;
  return (s.order[c] = s.order[c] ? mine(box, s.order[c], (x) => x.slice()) : mine(box, [], (x) => x));
}

function put(box: Box, key: string, value: unknown): void {
  box.lastKey = undefined;
  const s = box.state;
  const at = bucketOf(s, key).get(key);
  if (at !== undefined) {
    writableChunk(box, at)[at & (CHUNK - 1)] = { key, value };
    return;
  }
  if (s.size + 1 > s.buckets.length * BUCKET_LOAD) return rebuild(box, [...entryPairs(s), [key, value]]);
  const pos = s.length++;
  writableChunk(box, pos)[pos & (CHUNK - 1)] = { key, value };
  writableBucket(box, key).set(key, pos);
  s.size++;
  if (isIndexKey(key)) s.indexKeys++;
}

function remove(box: Box, key: string): void {
  box.lastKey = undefined;
  const s = box.state;
  const at = bucketOf(s, key).get(key);
  if (at === undefined) return;
  writableChunk(box, at)[at & (CHUNK - 1)] = undefined;
  writableBucket(box, key).delete(key);
  s.size--;
  s.holes++;
  if (isIndexKey(key)) s.indexKeys--;
  // Holes are dropped once they outnumber the entries: the order of what is left is kept.
  if (s.holes > CHUNK && s.holes > s.size) rebuild(box, [...entryPairs(s)]);
}

function* entryPairs(state: State): Generator<[string, unknown]> {
  for (const e of liveEntries(state)) yield [e.key, e.value];
}

function rebuild(box: Box, entries: [string, unknown][]): void {
  box.state = fromEntries(entries);
  box.owned = new Set([box.state.order, ...box.state.order, box.state.buckets, ...box.state.buckets]);
}

function descriptor(value: unknown): PropertyDescriptor {
  return { value, writable: true, enumerable: true, configurable: true };
}

function refuse(): never {
  throw new TypeError('This table belongs to a world that no longer changes: write through a draft.');
}

/** Object.freeze on a table: every entry becomes a real, frozen property of the target. */
function materialize(box: Box, target: object): void {
  if (box.frozen) return;
  for (const e of liveEntries(box.state)) Object.defineProperty(target, e.key, { value: e.value, writable: false, enumerable: true, configurable: false });
  Object.preventExtensions(target);
  box.frozen = true;
}

const handler: ProxyHandler<Record<string, unknown>> = {
  get(target, k) {
    const box = boxOfTarget.get(target)!;
    if (box.frozen) return Reflect.get(target, k);
    if (typeof k !== 'string') return undefined;
    if (k === box.lastKey) return box.lastEntry?.value;
    return lookup(box.state, k);
  },
  has(target, k) {
    const box = boxOfTarget.get(target)!;
    if (box.frozen) return Reflect.has(target, k);
    return typeof k === 'string' && has(box.state, k);
  },
  ownKeys(target) {
    const box = boxOfTarget.get(target)!;
    return box.frozen ? Reflect.ownKeys(target) : keysOf(box.state);
  },
  getOwnPropertyDescriptor(target, k) {
    const box = boxOfTarget.get(target)!;
    if (box.frozen) return Reflect.getOwnPropertyDescriptor(target, k);
    if (typeof k !== 'string') return undefined;
    const e = entryAt(box.state, k);
    box.lastKey = k;
    box.lastEntry = e;
    return e && descriptor(e.value);
  },
  set(target, k, value) {
    const box = boxOfTarget.get(target)!;
    if (!box.writable || box.frozen || typeof k !== 'string') refuse();
    put(box, k, value);
    return true;
  },
  defineProperty(target, k, desc) {
    const box = boxOfTarget.get(target)!;
    if (box.frozen) return Reflect.defineProperty(target, k, desc); // Object.freeze's own step after materializing
    if (!box.writable || typeof k !== 'string' || !('value' in desc) || desc.configurable === false) refuse();
    put(box, k, desc.value);
    return true;
  },
  deleteProperty(target, k) {
    const box = boxOfTarget.get(target)!;
    if (!box.writable || box.frozen || typeof k !== 'string') refuse();
    remove(box, k);
    return true;
  },
  getPrototypeOf: () => null,
  setPrototypeOf: (_target, proto) => proto === null,
  isExtensible: (target) => Reflect.isExtensible(target),
  preventExtensions(target) {
    materialize(boxOfTarget.get(target)!, target);
    return true;
  },
};

const boxOfTarget = new WeakMap<object, Box>();

function makeTable(box: Box): object {
  const target = Object.create(null) as Record<string, unknown>;
  boxOfTarget.set(target, box);
  const proxy = new Proxy(target, handler);
  boxes.set(proxy, box);
  return proxy;
}
