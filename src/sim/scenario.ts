// A scenario is a seed, a start time and an action list: replaying it rebuilds the same world, byte
// for byte. Share links, autosave, exported files and lesson start states are all scenarios.
import * as v from 'valibot';
import { ActionSchema, describeIssues, type Action } from './actions.ts';
import { apply } from './apply.ts';
import { handOver } from './draft.ts';
import type { Outcome } from './outcome.ts';
import { MAX_TIME, MAX_TIME_ISO, MIN_TIME, createWorld, type World } from './world.ts';

export const SCENARIO_FORMAT = 'managed-identity-sandbox/scenario';
export const SCENARIO_VERSION = 1;
/**
 * The most actions a scenario, link, file or save may hold. 20,000 opens in a few seconds in the
 * browser (10,000 in about 1 s, measured by `npm run bench`); the undo history keeps only the last
 * steps, so memory stays bounded below it.
 */
export const MAX_SCENARIO_ACTIONS = 20_000;

const ScenarioSchema = v.strictObject({
  format: v.optional(v.literal(SCENARIO_FORMAT)),
  version: v.literal(SCENARIO_VERSION),
  seed: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  start: v.optional(
    v.union([
      v.pipe(
        v.string(),
        v.isoTimestamp(),
        v.check((s) => {
          const ms = Date.parse(s);
          return ms >= MIN_TIME * 1000 && ms <= MAX_TIME * 1000;
        }, `the start must be between 1970-01-01T00:00:00Z and ${MAX_TIME_ISO}`),
      ),
      v.pipe(v.number(), v.integer(), v.minValue(MIN_TIME), v.maxValue(MAX_TIME, `the start must be at most ${MAX_TIME} (${MAX_TIME_ISO}) seconds since the epoch`)),
    ]),
  ),
  title: v.optional(v.pipe(v.string(), v.maxLength(200))),
  // The message is written only when needed: the page's first number format costs ~8 ms of its start.
  actions: v.pipe(v.array(ActionSchema), v.maxLength(MAX_SCENARIO_ACTIONS, () => `a scenario holds at most ${MAX_SCENARIO_ACTIONS.toLocaleString('en-US')} actions`)),
});

export type Scenario = v.InferOutput<typeof ScenarioSchema>;

export type ScenarioCheck = { ok: true; scenario: Scenario } | { ok: false; problem: string };

/** Validate untrusted scenario data and name the first problems by their path in the file. */
export function parseScenario(input: unknown): ScenarioCheck {
  if (typeof input === 'object' && input !== null && 'version' in input && typeof input.version === 'number' && input.version > SCENARIO_VERSION) {
    return { ok: false, problem: `version ${input.version} is newer than this sandbox understands (${SCENARIO_VERSION}); update the sandbox to open it.` };
  }
  const result = v.safeParse(ScenarioSchema, input);
  if (result.success) return { ok: true, scenario: result.output };
  return { ok: false, problem: describeIssues(result.issues) };
}

/** Parse scenario JSON text, reporting bad JSON and bad content alike. */
export function parseScenarioText(text: string): ScenarioCheck {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { ok: false, problem: `not valid JSON (${(e as Error).message})` };
  }
  return parseScenario(data);
}

export function worldFor(scenario: Pick<Scenario, 'seed' | 'start'>): World {
  return createWorld({ seed: scenario.seed, ...(scenario.start !== undefined ? { start: scenario.start } : {}) });
}

export interface Replay {
  world: World;
  outcomes: Outcome[];
}

export interface ReplayOptions {
  /** Told how far the replay is, after each slice of work. */
  onProgress?: (done: number, total: number) => void;
  /** Give the event loop a turn after this many ms of work (the page stays responsive); 0 never yields. */
  sliceMs?: number;
}

/**
 * Let the page (or Node) handle other work: a new macrotask, so input is handled and a frame can be
 * painted in between (scheduler.yield's continuation runs first, ahead of painting: the progress bar
 * was never drawn with it).
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Replay every action from the scenario's first world; refused actions are reported and change nothing.
 * Only the last world is kept, so each step may reuse the tables of the one before (see handOver).
 */
export async function replay(
  scenario: Pick<Scenario, 'seed' | 'start' | 'actions'>,
  onStep?: (index: number, action: Action, outcome: Outcome) => void,
  { onProgress, sliceMs = 0 }: ReplayOptions = {},
): Promise<Replay> {
  let world = worldFor(scenario);
  const outcomes: Outcome[] = [];
  const total = scenario.actions.length;
  let sliceStart = performance.now();
  for (const [i, action] of scenario.actions.entries()) {
    const step = await apply(handOver(world), action);
    world = step.world;
    outcomes.push(step.outcome);
    onStep?.(i, action, step.outcome);
    if (sliceMs > 0 && performance.now() - sliceStart >= sliceMs) {
      onProgress?.(i + 1, total);
      await yieldToEventLoop();
      sliceStart = performance.now();
    }
  }
  onProgress?.(total, total);
  return { world, outcomes };
}

export type ScenarioHeader = Pick<Scenario, 'seed' | 'start' | 'title'>;

export function scenarioOf(header: ScenarioHeader, actions: Action[]): Scenario {
  return {
    format: SCENARIO_FORMAT,
    version: SCENARIO_VERSION,
    seed: header.seed,
    ...(header.start !== undefined ? { start: header.start } : {}),
    ...(header.title ? { title: header.title } : {}),
    actions,
  };
}
