// A copy-on-write draft of a world. Handlers change the draft; only the tables they touch are copied,
// so applying an action costs little even in a large world and the old world stays untouched (undo
// keeps it as it was).
import { nextBytes, nextGuid } from './ids.ts';
import { copyTable } from './table.ts';
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

/**
 * Promise that `world` will never be read again once it has been applied to, so that the next apply()
 * may write its tables in place instead of copying them. Replays do this for every world but the last:
 * copying a table costs time in proportion to its size, which made each action in a 10,000-group
 * scenario cost 40 times what it does in a small one. A refused action still returns the world as it
 * was: in-place writes are logged and undone.
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

  /** A table of the draft that may be written to (copied on first use, or logged when writing in place). */
  table<T extends Tables>(name: T): World[T] {
    if (this.inPlace) return this.view(name) as World[T];
    if (!this.copied.has(name)) {
      this.world[name] = copyTable(this.world[name] as Record<string, unknown>) as World[T];
      this.copied.add(name);
    }
    return this.world[name];
  }

  /** Undo every in-place write: the action was refused and the world must be as it was. */
  rollback(): void {
    for (let i = this.undoLog.length - 1; i >= 0; i--) this.undoLog[i]!();
    this.undoLog.length = 0;
  }

  private view(name: Tables): Record<string, unknown> {
    let view = this.views.get(name);
    if (view) return view;
    const target = this.world[name] as Record<string, unknown>;
    const log = this.undoLog;
    const remember = (k: string) => {
      const had = Object.hasOwn(target, k);
      const old = target[k];
      log.push(() => {
        if (had) target[k] = old;
        else delete target[k];
      });
    };
    view = new Proxy(target, {
      set(t, k, v) {
        if (typeof k === 'string') remember(k);
        t[k as string] = v;
        return true;
      },
      deleteProperty(t, k) {
        if (typeof k === 'string') remember(k);
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
