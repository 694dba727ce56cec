// A copy-on-write draft of a world. Handlers change the draft; only the tables they touch get a new
// version (a copy of a small table, a new version of a large persistent one that shares all but what is
// written: see table.ts), so applying an action costs little even in a large world and the old world
// stays untouched (undo keeps it as it was).
import { nextBytes, nextGuid } from './ids.ts';
import { PLAIN_LIMIT, isPersistent, writableTable } from './table.ts';
import type { World } from './world.ts';

type Tables =
  | 'managementGroups'
  | 'subscriptions'
  | 'resourceGroups'
  | 'resources'
  | 'servicePrincipals'
  | 'deletedPrincipals'
  | 'roleAssignments'
  | 'applications'
  | 'appRoleAssignments'
  | 'tokens'
  | 'tokenCache';

/** Worlds whose next apply() may change their tables in place (see handOver). */
const handedOver = new WeakSet<World>();
/** Plain tables written in place: how many entries each holds (past PLAIN_LIMIT it becomes persistent). */
const sizes = new WeakMap<object, number>();

/**
 * Promise that `world` will never be read again once it has been applied to, so that the next apply()
 * may write its plain tables in place instead of copying them. Replays do this for every world but the
 * last: copying even a few hundred entries every step adds up over a long replay (persistent tables need
 * no copy either way). A refused action still returns the world as it was: in-place writes are logged
 * and undone.
 */
export function handOver(world: World): World {
  handedOver.add(world);
  return world;
}

export class Draft {
  readonly world: World;
  readonly created: string[] = [];
  readonly deleted: string[] = [];
  readonly changed: string[] = [];
  readonly orphaned: string[] = [];
  readonly notes: string[] = [];
  /** The JSON the portal or CLI would print for the result, when the handler has one. */
  response?: unknown;
  private copied = new Set<Tables>();
  /** Writing in place (a handed-over world): each table's writes go through a logging view. */
  private readonly inPlace: boolean;
  private readonly views = new Map<Tables, Record<string, unknown>>();
  private readonly undoLog: (() => void)[] = [];

  constructor(base: World) {
    this.world = { ...base };
    this.inPlace = handedOver.delete(base);
  }

  /** A table of the draft that may be written to (a new version on first use, or logged when writing a plain one in place). */
  table<T extends Tables>(name: T): World[T] {
    if (this.inPlace && !isPersistent(this.world[name])) {
      const plain = this.world[name];
      const size = sizes.get(plain) ?? Object.keys(plain).length;
      sizes.set(plain, size);
      if (size < PLAIN_LIMIT) return this.view(name) as World[T];
    }
    if (!this.copied.has(name)) {
      this.world[name] = writableTable(this.world[name] as Record<string, unknown>) as World[T];
      this.copied.add(name);
    }
    return this.world[name];
  }

  /** Undo every in-place write: the action was refused and the world must be as it was. */
  rollback(): void {
    for (let i = this.undoLog.length - 1; i >= 0; i--) this.undoLog[i]!();
    this.undoLog.length = 0;
    for (const name of this.views.keys()) sizes.delete(this.world[name]); // counted again when next written
  }

  private view(name: Tables): Record<string, unknown> {
    let view = this.views.get(name);
    if (view) return view;
    const target = this.world[name] as Record<string, unknown>;
    const log = this.undoLog;
    const remember = (k: string, adding: boolean) => {
      const had = Object.hasOwn(target, k);
      const old = target[k];
      if (had !== adding) sizes.set(target, (sizes.get(target) ?? 0) + (adding ? 1 : -1));
      log.push(() => {
        if (had) target[k] = old;
        else delete target[k];
      });
    };
    view = new Proxy(target, {
      set(t, k, v) {
        if (typeof k === 'string') remember(k, true);
        t[k as string] = v;
        return true;
      },
      deleteProperty(t, k) {
        if (typeof k === 'string') remember(k, false);
        return delete t[k as string];
      },
    });
    this.views.set(name, view);
    return view;
  }

  guid(): string {
    const [id, rng] = nextGuid(this.world.rng);
    this.world.rng = rng;
    return id;
  }

  bytes(count: number): Uint8Array {
    const [b, rng] = nextBytes(this.world.rng, count);
    this.world.rng = rng;
    return b;
  }

  /** Record a change once, whatever order handlers report it in. */
  mark(list: 'created' | 'deleted' | 'changed' | 'orphaned', id: string): void {
    if (!this[list].includes(id)) this[list].push(id);
  }
}
