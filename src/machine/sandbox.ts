// The sandbox actor: holds the world, the action log and the undo/redo history, and applies actions
// one at a time. The UI only sends it events and renders its snapshot; lessons, the future console and
// the embed reuse it as is.
import { assign, fromPromise, setup } from 'xstate';
import { apply, type Action, type Outcome, type Scenario, type ScenarioHeader, type Step, type World, replay, scenarioOf, worldFor } from '../sim/index.ts';

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
}

export type SandboxEvent =
  | { type: 'ACT'; action: Action }
  | { type: 'UNDO' }
  | { type: 'REDO' }
  | { type: 'JUMP'; cursor: number }
  | { type: 'RESET' }
  | { type: 'LOAD'; scenario: Scenario; base?: number; cursor?: number };

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
}

/** Replay a scenario into base + history. */
export async function load(scenario: Scenario, baseCount = scenario.actions.length, cursor?: number): Promise<Loaded> {
  const header: ScenarioHeader = { seed: scenario.seed, ...(scenario.start !== undefined ? { start: scenario.start } : {}), ...(scenario.title ? { title: scenario.title } : {}) };
  const base = scenario.actions.slice(0, baseCount);
  const { world: baseWorld } = await replay({ ...header, actions: base });
  const entries: Entry[] = [];
  let world = baseWorld;
  for (const action of scenario.actions.slice(baseCount)) {
    const step = await apply(world, action);
    if (!step.outcome.ok) continue; // a refused action never entered the history
    entries.push({ action, outcome: step.outcome, world: step.world });
    world = step.world;
  }
  return { header, base, baseWorld, entries, cursor: Math.min(cursor ?? entries.length, entries.length) };
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
    loadScenario: fromPromise<Loaded, { scenario: Scenario; base?: number; cursor?: number }>(({ input }) => load(input.scenario, input.base, input.cursor)),
  },
  guards: {
    canUndo: ({ context }) => context.cursor > 0,
    canRedo: ({ context }) => context.cursor < context.entries.length,
    validJump: ({ context, event }) => event.type === 'JUMP' && Number.isInteger(event.cursor) && event.cursor >= 0 && event.cursor <= context.entries.length,
    hasQueue: ({ context }) => context.queue.length > 0,
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
      return { queue, last, entries, cursor: entries.length, world: step.world, fault: null };
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
    adopt: assign(({ event }) => {
      const loaded = (event as unknown as { output: Loaded }).output;
      const world = worldAt(loaded, loaded.cursor);
      const entry = loaded.cursor > 0 ? loaded.entries[loaded.cursor - 1] : undefined;
      return { ...loaded, world, last: entry ? { action: entry.action, outcome: entry.outcome } : null, fault: null };
    }),
    loadFault: assign(({ event }) => ({ fault: `The scenario could not be loaded: ${String((event as unknown as { error: unknown }).error)}` })),
  },
}).createMachine({
  id: 'sandbox',
  context: ({ input }) => {
    const header: ScenarioHeader = { seed: input.scenario?.seed ?? 'sandbox', ...(input.scenario?.start !== undefined ? { start: input.scenario.start } : {}) };
    const world = worldFor(header);
    return { header, base: [], baseWorld: world, entries: [], cursor: 0, world, last: null, queue: [], fault: null, initial: input };
  },
  initial: 'loading',
  states: {
    loading: {
      invoke: {
        src: 'loadScenario',
        input: ({ context, event }) => {
          if (event.type === 'LOAD') return { scenario: event.scenario, ...(event.base !== undefined ? { base: event.base } : {}), ...(event.cursor !== undefined ? { cursor: event.cursor } : {}) };
          const { scenario, base, cursor } = context.initial;
          return { scenario: scenario ?? scenarioOf(context.header, []), ...(base !== undefined ? { base } : {}), ...(cursor !== undefined ? { cursor } : {}) };
        },
        onDone: { target: 'settling', actions: 'adopt' },
        onError: { target: 'settling', actions: 'loadFault' },
      },
      on: { ACT: { actions: 'enqueue' } },
    },
    idle: {
      on: {
        ACT: { target: 'applying', actions: 'enqueue' },
        UNDO: { guard: 'canUndo', actions: 'moveTo' },
        REDO: { guard: 'canRedo', actions: 'moveTo' },
        JUMP: { guard: 'validJump', actions: 'moveTo' },
        RESET: { actions: 'reset' },
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
      on: { ACT: { actions: 'enqueue' } },
    },
    settling: {
      always: [{ guard: 'hasQueue', target: 'applying' }, { target: 'idle' }],
    },
  },
});
