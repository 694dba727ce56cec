// The sandbox actor: holds the world, the action log and the undo/redo history, and applies actions
// one at a time. The UI only sends it events and renders its snapshot; lessons, the future console and
// the embed reuse it as is.
import { assign, fromPromise, setup } from 'xstate';
import { apply, handOver, type Action, type Outcome, type Scenario, type ScenarioHeader, type Step, type World, replay, scenarioOf, worldFor, yieldToEventLoop } from '../sim/index.ts';

/**
 * How many steps stay undoable. Older steps are folded into the starting world (they stay in the
 * scenario, saves and links exactly as before), so memory stays bounded in a long session or a huge
 * link: every undoable step keeps a world, and a world of 10,000 entities is about 1 MB of tables.
 */
export const UNDO_LIMIT = 200;

/** Work in slices of this many ms while loading, so the page keeps answering and can show progress. */
export const LOAD_SLICE_MS = 12;

/** An action of a loaded scenario that the simulation refused, so it was left out of the history. */
export interface DroppedAction {
  /** Its place in the scenario's action list, from 0. */
  index: number;
  action: Action;
  error: { code: string; message: string };
}

/** What the last LOAD did besides loading: what it had to leave out. */
export interface LoadReport {
  dropped: DroppedAction[];
  /** History steps folded into the start because of UNDO_LIMIT. */
  folded: number;
}

/** One point in the history: the world after an action, and what that action did. */
export interface Entry {
  action: Action;
  outcome: Outcome;
  world: World;
  /**
   * The later steps this action replaced (it was taken after a jump back in the timeline); undoing it
   * brings them back as the redo future. Kept in memory only: a reload forgets them.
   */
  replaced?: Entry[];
}

export interface SandboxContext {
  header: ScenarioHeader;
  /** Actions that made the starting world (a lesson's start state); not undoable. */
  base: Action[];
  baseWorld: World;
  /** The learner's actions in order; entries after `cursor` are the redo future. */
  entries: Entry[];
  /** How many entries are in effect: 0 = the base world. */
  cursor: number;
  /** The world now: entries[cursor - 1].world, or baseWorld. */
  world: World;
  /** What the last action did, refused ones included (they change nothing and join no history). */
  last: { action: Action; outcome: Outcome } | null;
  /** Actions sent while another was being applied. */
  queue: Action[];
  /** An unexpected failure inside the simulation, in words; the world is kept as it was. */
  fault: string | null;
  /** What to load when the actor starts. */
  initial: SandboxInput;
  /** How many of `base` are the real start (a lesson's); the rest are old steps folded in (UNDO_LIMIT). */
  startCount: number;
  /** The last LOAD: refused actions left out, steps folded. Null before any. */
  loadReport: LoadReport | null;
  /** While a LOAD replays: how far it is. */
  progress: { done: number; total: number } | null;
}

export type SandboxEvent =
  | { type: 'ACT'; action: Action }
  | { type: 'UNDO' }
  | { type: 'REDO' }
  | { type: 'JUMP'; cursor: number }
  | { type: 'RESET' }
  | { type: 'LOAD'; scenario: Scenario; base?: number; cursor?: number }
  /** From the loader to the actor itself: how far a LOAD is. */
  | { type: 'PROGRESS'; done: number; total: number };

export interface SandboxInput {
  scenario?: Scenario;
  /** How many of the scenario's actions form the base (not undoable); the rest become history. */
  base?: number;
  cursor?: number;
}

interface Loaded {
  header: ScenarioHeader;
  base: Action[];
  baseWorld: World;
  entries: Entry[];
  cursor: number;
  startCount: number;
  loadReport: LoadReport;
}

/**
 * Replay a scenario into base + history, in slices that yield to the event loop. Refused history
 * actions are left out (a refused action never enters the history) and reported. When the history is
 * longer than UNDO_LIMIT, the oldest steps before the cursor are folded into the base.
 */
export async function load(scenario: Scenario, baseCount = scenario.actions.length, cursor?: number, onProgress?: (done: number, total: number) => void): Promise<Loaded> {
  const header: ScenarioHeader = { seed: scenario.seed, ...(scenario.start !== undefined ? { start: scenario.start } : {}), ...(scenario.title ? { title: scenario.title } : {}) };
  const total = scenario.actions.length;
  const startBase = scenario.actions.slice(0, baseCount);
  const { world: startWorld } = await replay({ ...header, actions: startBase }, undefined, { sliceMs: LOAD_SLICE_MS, ...(onProgress ? { onProgress: (done: number) => onProgress(done, total) } : {}) });
  const history = scenario.actions.slice(baseCount);
  const foldable = Math.max(0, Math.min(history.length - UNDO_LIMIT, cursor ?? history.length));
  const base = [...startBase];
  const dropped: DroppedAction[] = [];
  const entries: Entry[] = [];
  let world = startWorld;
  let baseWorld = startWorld;
  let sliceStart = performance.now();
  for (const [i, action] of history.entries()) {
    const folding = i < foldable;
    // A folded step's world is never kept, so it may be written in place like a replay's.
    const step = await apply(folding ? handOver(world) : world, action);
    world = step.world;
    if (!step.outcome.ok) {
      dropped.push({ index: baseCount + i, action, error: { code: step.outcome.error?.code ?? 'Refused', message: step.outcome.error?.message ?? step.outcome.summary } });
    } else if (folding) {
      base.push(action);
    } else {
      entries.push({ action, outcome: step.outcome, world: step.world });
    }
    if (folding) baseWorld = world;
    if (performance.now() - sliceStart >= LOAD_SLICE_MS) {
      onProgress?.(baseCount + i + 1, total);
      await yieldToEventLoop();
      sliceStart = performance.now();
    }
  }
  onProgress?.(total, total);
  const folded = base.length - startBase.length;
  // The cursor counted every history action; folded and refused ones no longer count.
  const at = cursor ?? history.length;
  const wanted = at - foldable - dropped.filter((x) => x.index >= baseCount + foldable && x.index < baseCount + at).length;
  return { header, base, baseWorld, entries, cursor: Math.max(0, Math.min(wanted, entries.length)), startCount: baseCount, loadReport: { dropped, folded } };
}

function worldAt(c: Pick<SandboxContext, 'entries' | 'baseWorld'>, cursor: number): World {
  return cursor === 0 ? c.baseWorld : c.entries[cursor - 1]!.world;
}

/** The scenario that rebuilds the sandbox as it is now (base + actions up to the cursor). */
export function currentScenario(c: SandboxContext): Scenario {
  return scenarioOf(c.header, [...c.base, ...c.entries.slice(0, c.cursor).map((e) => e.action)]);
}

export const sandboxMachine = setup({
  types: {
    context: {} as SandboxContext,
    events: {} as SandboxEvent,
    input: {} as SandboxInput,
  },
  actors: {
    applyAction: fromPromise<Step, { world: World; action: Action }>(({ input }) => apply(input.world, input.action)),
    loadScenario: fromPromise<Loaded, { scenario: Scenario; base?: number; cursor?: number; onProgress?: (done: number, total: number) => void }>(({ input }) =>
      load(input.scenario, input.base, input.cursor, input.onProgress),
    ),
  },
  guards: {
    canUndo: ({ context }) => context.cursor > 0,
    canRedo: ({ context }) => context.cursor < context.entries.length,
    validJump: ({ context, event }) => event.type === 'JUMP' && Number.isInteger(event.cursor) && event.cursor >= 0 && event.cursor <= context.entries.length,
    hasQueue: ({ context }) => context.queue.length > 0,
    /** Old steps were folded into the start: restarting replays the real start instead. */
    folded: ({ context }) => context.base.length > context.startCount,
  },
  actions: {
    enqueue: assign({ queue: ({ context, event }) => (event.type === 'ACT' ? [...context.queue, event.action] : context.queue) }),
    record: assign(({ context, event }) => {
      const step = (event as unknown as { output: Step }).output;
      const action = context.queue[0]!;
      const queue = context.queue.slice(1);
      const last = { action, outcome: step.outcome };
      if (!step.outcome.ok) return { queue, last, fault: null };
      const replaced = context.entries.slice(context.cursor);
      const entry: Entry = { action, outcome: step.outcome, world: step.world, ...(replaced.length ? { replaced } : {}) };
      const entries = [...context.entries.slice(0, context.cursor), entry];
      // Past UNDO_LIMIT the oldest step joins the start, so a long session's memory stays bounded.
      const fold = Math.max(0, entries.length - UNDO_LIMIT);
      if (fold === 0) return { queue, last, entries, cursor: entries.length, world: step.world, fault: null };
      return {
        queue,
        last,
        base: [...context.base, ...entries.slice(0, fold).map((e) => e.action)],
        baseWorld: entries[fold - 1]!.world,
        entries: entries.slice(fold),
        cursor: entries.length - fold,
        world: step.world,
        fault: null,
      };
    }),
    recordFault: assign(({ context, event }) => ({
      queue: context.queue.slice(1),
      fault: `The simulation failed on '${context.queue[0]?.type}': ${String((event as unknown as { error: unknown }).error)}`,
    })),
    moveTo: assign(({ context, event }) => {
      const undone = event.type === 'UNDO' ? context.entries[context.cursor - 1] : undefined;
      if (undone?.replaced) {
        // Undoing a step that replaced later ones puts them back as the redo future.
        const cursor = context.cursor - 1;
        const entry = cursor > 0 ? context.entries[cursor - 1] : undefined;
        return { entries: [...context.entries.slice(0, cursor), ...undone.replaced], cursor, world: worldAt(context, cursor), last: entry ? { action: entry.action, outcome: entry.outcome } : null };
      }
      const cursor = event.type === 'UNDO' ? context.cursor - 1 : event.type === 'REDO' ? context.cursor + 1 : event.type === 'JUMP' ? event.cursor : 0;
      const entry = cursor > 0 ? context.entries[cursor - 1] : undefined;
      return { cursor, world: worldAt(context, cursor), last: entry ? { action: entry.action, outcome: entry.outcome } : null };
    }),
    reset: assign(({ context }) => ({ entries: [], cursor: 0, world: context.baseWorld, last: null, queue: [] })),
    progress: assign(({ event }) => (event.type === 'PROGRESS' ? { progress: { done: event.done, total: event.total } } : {})),
    adopt: assign(({ event }) => {
      const loaded = (event as unknown as { output: Loaded }).output;
      const world = worldAt(loaded, loaded.cursor);
      const entry = loaded.cursor > 0 ? loaded.entries[loaded.cursor - 1] : undefined;
      return { ...loaded, world, last: entry ? { action: entry.action, outcome: entry.outcome } : null, fault: null, progress: null };
    }),
    loadFault: assign(({ event }) => ({ fault: `The scenario could not be loaded: ${String((event as unknown as { error: unknown }).error)}`, progress: null })),
  },
}).createMachine({
  id: 'sandbox',
  context: ({ input }) => {
    const header: ScenarioHeader = { seed: input.scenario?.seed ?? 'sandbox', ...(input.scenario?.start !== undefined ? { start: input.scenario.start } : {}) };
    const world = worldFor(header);
    return { header, base: [], baseWorld: world, entries: [], cursor: 0, world, last: null, queue: [], fault: null, initial: input, startCount: 0, loadReport: null, progress: null };
  },
  initial: 'loading',
  states: {
    loading: {
      invoke: {
        src: 'loadScenario',
        input: ({ context, event, self }) => {
          const onProgress = (done: number, total: number) => self.send({ type: 'PROGRESS', done, total });
          if (event.type === 'LOAD') return { scenario: event.scenario, onProgress, ...(event.base !== undefined ? { base: event.base } : {}), ...(event.cursor !== undefined ? { cursor: event.cursor } : {}) };
          if (event.type === 'RESET') return { scenario: scenarioOf(context.header, context.base.slice(0, context.startCount)), base: context.startCount, onProgress };
          const { scenario, base, cursor } = context.initial;
          return { scenario: scenario ?? scenarioOf(context.header, []), onProgress, ...(base !== undefined ? { base } : {}), ...(cursor !== undefined ? { cursor } : {}) };
        },
        onDone: { target: 'settling', actions: 'adopt' },
        onError: { target: 'settling', actions: 'loadFault' },
      },
      on: {
        ACT: { actions: 'enqueue' },
        PROGRESS: { actions: 'progress' },
        // A newer scenario replaces the one loading (a challenge started while a lesson's sandbox rebuilds).
        LOAD: { target: 'loading', reenter: true, actions: assign({ queue: [] }) },
      },
    },
    idle: {
      on: {
        ACT: { target: 'applying', actions: 'enqueue' },
        UNDO: { guard: 'canUndo', actions: 'moveTo' },
        REDO: { guard: 'canRedo', actions: 'moveTo' },
        JUMP: { guard: 'validJump', actions: 'moveTo' },
        RESET: [{ guard: 'folded', target: 'loading' }, { actions: 'reset' }],
        LOAD: { target: 'loading', actions: assign({ queue: [] }) },
      },
    },
    applying: {
      invoke: {
        src: 'applyAction',
        input: ({ context }) => ({ world: context.world, action: context.queue[0]! }),
        onDone: { target: 'settling', actions: 'record' },
        onError: { target: 'settling', actions: 'recordFault' },
      },
      // A scenario arriving replaces the sandbox, the action being applied and those waiting included.
      on: { ACT: { actions: 'enqueue' }, LOAD: { target: 'loading', actions: assign({ queue: [] }) } },
    },
    settling: {
      always: [{ guard: 'hasQueue', target: 'applying' }, { target: 'idle' }],
    },
  },
});
