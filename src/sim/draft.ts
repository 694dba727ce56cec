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

  constructor(base: World) {
    this.world = { ...base };
  }

  /** A table of the draft that may be written to (copied on first use). */
  table<T extends Tables>(name: T): World[T] {
    if (!this.copied.has(name)) {
      this.world[name] = copyTable(this.world[name] as Record<string, unknown>) as World[T];
      this.copied.add(name);
    }
    return this.world[name];
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
