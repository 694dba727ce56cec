// A demo is a scenario (the starting world) plus steps a teacher walks a room through: each step has a
// title, speaker notes (markdown), the actions it applies, and optionally which diagram to show, which
// node to spotlight and the one-line outcome to put on screen. Demo files are untrusted input, checked
// like scenario files; the player turns a demo into one scenario whose history has one cursor per step.
import * as v from 'valibot';
import { ActionSchema, describeIssues, type Action } from '../sim/index.ts';
import { apply } from '../sim/index.ts';
import { parseScenario, scenarioOf, worldFor, type Scenario } from '../sim/index.ts';

export const DEMO_FORMAT = 'managed-identity-sandbox/demo';
export const DEMO_VERSION = 1;
export const DIAGRAMS = ['topology', 'flow', 'access'] as const;
export type DiagramKind = (typeof DIAGRAMS)[number];

const Line = (max: number) => v.pipe(v.string(), v.minLength(1), v.maxLength(max));

const StepSchema = v.strictObject({
  title: Line(120),
  /** Speaker notes, markdown; shown only in the speaker view. */
  notes: v.optional(v.pipe(v.string(), v.maxLength(4000)), ''),
  actions: v.optional(v.pipe(v.array(ActionSchema), v.maxLength(50)), []),
  /** What the room should take away, one line; default the last action's own summary. */
  outcome: v.optional(Line(200)),
  diagram: v.optional(v.picklist(DIAGRAMS)),
  /** An entity to spotlight: an ARM id (as in the actions) or a principal's object id. */
  spotlight: v.optional(Line(2048)),
});

const DemoSchema = v.strictObject({
  format: v.literal(DEMO_FORMAT),
  version: v.literal(DEMO_VERSION),
  title: Line(120),
  summary: v.optional(v.pipe(v.string(), v.maxLength(400)), ''),
  /** The world before the first step, as a scenario file (its actions are not steps). */
  scenario: v.unknown(),
  steps: v.pipe(v.array(StepSchema), v.minLength(1), v.maxLength(200)),
});

export type DemoStep = v.InferOutput<typeof StepSchema>;
export interface Demo {
  id: string;
  title: string;
  summary: string;
  scenario: Scenario;
  steps: DemoStep[];
}

export type DemoCheck = { ok: true; demo: Demo } | { ok: false; problem: string };

/** Validate untrusted demo data; problems name the file and the path inside it. */
export function parseDemo(input: unknown, file: string): DemoCheck {
  const id = demoIdOf(file);
  // As scenario files say it (src/sim/scenario.ts): a newer file names its version and what to do.
  if (typeof input === 'object' && input !== null && 'version' in input && typeof input.version === 'number' && input.version > DEMO_VERSION) {
    return { ok: false, problem: `${file}: version ${input.version} is newer than this sandbox understands (${DEMO_VERSION}); update the sandbox to open it.` };
  }
  const result = v.safeParse(DemoSchema, input);
  if (!result.success) return { ok: false, problem: `${file}: ${describeIssues(result.issues)}` };
  const scenario = parseScenario(result.output.scenario);
  if (!scenario.ok) return { ok: false, problem: `${file}: scenario: ${scenario.problem}` };
  const { title, summary, steps } = result.output;
  return { ok: true, demo: { id, title, summary, scenario: scenario.scenario, steps } };
}

export function parseDemoText(text: string, file: string): DemoCheck {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { ok: false, problem: `${file}: not valid JSON (${(e as Error).message})` };
  }
  return parseDemo(data, file);
}

/** `demos/vm-lifecycle.json` → `vm-lifecycle`: the name in `#present=<id>`. */
export function demoIdOf(file: string): string {
  return file.replace(/^.*\//, '').replace(/\.json$/i, '');
}

export interface Playable {
  /** Setup then every step's actions: loaded with `base` = the setup, so each step is history. */
  scenario: Scenario;
  base: number;
  /** The history cursor at the end of each step. */
  cursors: number[];
}

export function playable(demo: Demo): Playable {
  const actions: Action[] = [...demo.scenario.actions];
  const cursors: number[] = [];
  let cursor = 0;
  for (const step of demo.steps) {
    actions.push(...step.actions);
    cursor += step.actions.length;
    cursors.push(cursor);
  }
  return { scenario: scenarioOf({ ...demo.scenario, title: demo.title }, actions), base: demo.scenario.actions.length, cursors };
}

/**
 * Replay the demo headless and name the first action Azure would refuse: a refused action joins no
 * history, so every later step would show the wrong picture.
 */
export async function checkDemoReplays(demo: Demo, file: string): Promise<{ ok: true } | { ok: false; problem: string }> {
  let world = worldFor(demo.scenario);
  for (const [i, action] of demo.scenario.actions.entries()) {
    const step = await apply(world, action);
    if (!step.outcome.ok) return { ok: false, problem: `${file}: scenario.actions.${i} (${action.type}) is refused: ${step.outcome.error?.code ?? ''} ${step.outcome.error?.message ?? ''}` };
    world = step.world;
  }
  for (const [s, demoStep] of demo.steps.entries()) {
    for (const [i, action] of demoStep.actions.entries()) {
      const step = await apply(world, action);
      if (!step.outcome.ok) return { ok: false, problem: `${file}: steps.${s}.actions.${i} (${action.type}) is refused: ${step.outcome.error?.code ?? ''} ${step.outcome.error?.message ?? ''}` };
      world = step.world;
    }
  }
  return { ok: true };
}

/** Every action of a scenario as one step each: presenting the sandbox as it is now. */
export function demoOfScenario(scenario: Scenario, base: number, describe: (index: number) => string): Demo {
  const setup = scenario.actions.slice(0, base);
  const rest = scenario.actions.slice(base);
  return {
    id: '',
    title: scenario.title ?? 'This sandbox',
    summary: '',
    scenario: { ...scenario, actions: setup },
    steps: [{ title: 'Where we start', notes: '', actions: [] }, ...rest.map((action, i) => ({ title: describe(base + i), notes: '', actions: [action] }))],
  };
}
