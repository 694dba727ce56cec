// A demo recorded by doing it. Recording starts from the sandbox as it is (its world becomes the demo's
// starting scenario) and follows the sandbox's history: each action taken since is a step, and an undo
// takes the last one back. After Stop the steps get titles and notes, then become a demo file
// (this module) or a lesson draft (lesson-draft.ts). The draft is plain data, kept in the browser's
// storage like the sandbox, so a reload never loses it.
import * as v from 'valibot';
import { ActionSchema, apply, describeAction, describeIssues, parseScenario, scenarioOf, worldFor, type Action, type Outcome, type Scenario, type ScenarioHeader, type World } from '../sim/index.ts';
import { DEMO_FORMAT, DEMO_VERSION, type DemoStep } from './demo.ts';

export const RECORDING_FORMAT = 'managed-identity-sandbox/recording';
export const RECORDING_VERSION = 1;
/** A demo holds at most 200 steps; the first is the starting picture. */
export const MAX_RECORDED_STEPS = 199;
export const TITLE_MAX = 120;
export const NOTES_MAX = 4000;

export interface RecordedStep {
  action: Action;
  /** Empty: the action in plain words. */
  title: string;
  /** Markdown, for the speaker. */
  notes: string;
  /** The lesson draft's goal as YAML, once edited; undefined: the proposed one. */
  goal?: string;
}

export interface Recording {
  /** `recording`: following the sandbox; `editing`: stopped, the steps are the recording's own. */
  state: 'recording' | 'editing';
  title: string;
  summary: string;
  /** The world when recording began, as a scenario: every action in it is the demo's setup. */
  start: Scenario;
  steps: RecordedStep[];
  /** While recording: the sandbox's history no longer begins where the recording did (it was replaced, or undone past the start). */
  detached?: boolean;
}

/** What the recording reads from the sandbox: the header, the flat action list and how much of it is in effect. */
export interface HistoryView {
  header: ScenarioHeader;
  actions: Action[];
  /** How many of `actions` are in effect (the rest are the redo future). */
  at: number;
}

export function startRecording(history: HistoryView, title = ''): Recording {
  return { state: 'recording', title, summary: '', start: scenarioOf(history.header, history.actions.slice(0, history.at)), steps: [] };
}

/**
 * Follow the sandbox: the steps are the actions in effect after the start. When the history no longer
 * begins with the start (another scenario was opened, or the teacher undid past the start and acted),
 * the steps so far are kept and the recording says it is detached until the history matches again.
 */
export function followHistory(rec: Recording, history: HistoryView): Recording {
  if (rec.state !== 'recording') return rec;
  const start = rec.start.actions;
  const matches =
    history.header.seed === rec.start.seed &&
    history.header.start === rec.start.start &&
    history.actions.length >= start.length &&
    start.every((a, i) => a === history.actions[i] || sameJson(a, history.actions[i]));
  if (!matches) return rec.detached ? rec : { ...rec, detached: true };
  // Equal copies (after a reload) are swapped for the history's own actions, so later checks compare identities.
  if (start.some((a, i) => a !== history.actions[i])) rec = { ...rec, start: { ...rec.start, actions: history.actions.slice(0, start.length) } };
  const actions = history.actions.slice(start.length, Math.max(start.length, history.at)).slice(0, MAX_RECORDED_STEPS);
  const unchanged = !rec.detached && actions.length === rec.steps.length && actions.every((a, i) => a === rec.steps[i]!.action);
  if (unchanged) return rec;
  // A step keeps what was written for it while its action stays the same.
  const steps = actions.map((action, i) => {
    const old = rec.steps[i];
    return old && (old.action === action || sameJson(old.action, action)) ? { ...old, action } : { action, title: '', notes: '' };
  });
  const { detached: _, ...rest } = rec;
  return { ...rest, steps };
}

export function stopRecording(rec: Recording): Recording {
  const { detached: _, ...rest } = rec;
  return { ...rest, state: 'editing' };
}

/** The recording replayed from its start: the world before and after each step and what it did. */
export interface Replayed {
  /** worlds[i] is the world before step i; worlds[steps.length] the end. */
  worlds: World[];
  outcomes: Outcome[];
  /** The first step Azure refused (nothing after it was applied). */
  refused?: { index: number; message: string };
}

export async function replayRecording(start: Scenario, actions: Action[]): Promise<Replayed> {
  let world = worldFor(start);
  for (const action of start.actions) world = (await apply(world, action)).world;
  const worlds = [world];
  const outcomes: Outcome[] = [];
  for (const [index, action] of actions.entries()) {
    const step = await apply(world, action);
    if (!step.outcome.ok) return { worlds, outcomes, refused: { index, message: `${step.outcome.error?.code ?? 'Refused'}: ${step.outcome.error?.message ?? step.outcome.summary}` } };
    world = step.world;
    worlds.push(world);
    outcomes.push(step.outcome);
  }
  return { worlds, outcomes };
}

/** Each step's action in plain words, from the world before it. */
export function describeSteps(rec: Pick<Recording, 'steps'>, replayed: Replayed): string[] {
  return rec.steps.map((s, i) => describeAction(replayed.worlds[i] ?? replayed.worlds[replayed.worlds.length - 1]!, s.action));
}

/**
 * Whether step `index` can go: the rest must still replay, or the demo would show the wrong picture.
 * Returns why not, in words, or null when it can.
 */
export async function whyNotDelete(rec: Recording, index: number, descriptions: string[]): Promise<string | null> {
  const rest = rec.steps.filter((_, i) => i !== index).map((s) => s.action);
  const replayed = await replayRecording(rec.start, rest);
  if (!replayed.refused) return null;
  const later = replayed.refused.index >= index ? replayed.refused.index + 1 : replayed.refused.index;
  return `Step ${index + 1} cannot be deleted: without it, step ${later + 1} (${descriptions[later] ?? ''}) would be refused (${replayed.refused.message}).`;
}

export const titleOf = (step: RecordedStep, description: string) => oneLine(step.title, TITLE_MAX) || oneLine(description, TITLE_MAX) || 'A step';

/** A title as one line of at most `max` characters. */
export function oneLine(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}

export const demoTitle = (rec: Pick<Recording, 'title'>) => oneLine(rec.title, TITLE_MAX) || 'A recorded demo';

/** The demo file, in the format of demos/*.json: the start as the first step, then one step per action. */
export function recordingToDemo(rec: Recording, descriptions: string[]): { format: typeof DEMO_FORMAT; version: typeof DEMO_VERSION; title: string; summary: string; scenario: Scenario; steps: DemoStep[] } {
  const steps: DemoStep[] = [
    { title: 'Where we start', notes: '', actions: [] },
    ...rec.steps.map((s, i) => ({ title: titleOf(s, descriptions[i] ?? ''), notes: s.notes.slice(0, NOTES_MAX), actions: [s.action] })),
  ];
  const title = demoTitle(rec);
  return { format: DEMO_FORMAT, version: DEMO_VERSION, title, summary: oneLine(rec.summary, 400), scenario: { ...rec.start, title: title.slice(0, 200) }, steps };
}

export function demoFileText(rec: Recording, descriptions: string[]): { text: string; fileName: string } {
  return { text: `${JSON.stringify(recordingToDemo(rec, descriptions), null, 2)}\n`, fileName: `${slugOf(demoTitle(rec)) || 'recorded-demo'}.json` };
}

/** A file name part: lowercase letters, digits and hyphens (the demo's id in `#present=<id>`). */
export function slugOf(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

// The draft in storage: checked like every file, since storage can hold anything.
const StepSchema = v.strictObject({
  action: ActionSchema,
  title: v.pipe(v.string(), v.maxLength(TITLE_MAX * 4)),
  notes: v.pipe(v.string(), v.maxLength(NOTES_MAX * 4)),
  goal: v.optional(v.pipe(v.string(), v.maxLength(20_000))),
});
const DraftSchema = v.strictObject({
  format: v.literal(RECORDING_FORMAT),
  version: v.literal(RECORDING_VERSION),
  state: v.picklist(['recording', 'editing']),
  title: v.pipe(v.string(), v.maxLength(TITLE_MAX * 4)),
  summary: v.pipe(v.string(), v.maxLength(2000)),
  start: v.unknown(),
  steps: v.pipe(v.array(StepSchema), v.maxLength(MAX_RECORDED_STEPS)),
});

export function recordingText(rec: Recording): string {
  const { detached: _, ...rest } = rec;
  return JSON.stringify({ format: RECORDING_FORMAT, version: RECORDING_VERSION, ...rest });
}

export function readRecording(text: string): { ok: true; recording: Recording } | { ok: false; problem: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'the saved recording is damaged' };
  }
  if (typeof data === 'object' && data !== null && 'version' in data && typeof data.version === 'number' && data.version > RECORDING_VERSION) {
    return { ok: false, problem: `version ${data.version} is newer than this sandbox understands (${RECORDING_VERSION}); update the sandbox to open it.` };
  }
  const r = v.safeParse(DraftSchema, data);
  if (!r.success) return { ok: false, problem: describeIssues(r.issues) };
  const start = parseScenario(r.output.start);
  if (!start.ok) return { ok: false, problem: `start: ${start.problem}` };
  const { format: _f, version: _v, ...rest } = r.output;
  return { ok: true, recording: { ...rest, start: start.scenario } };
}

function sameJson(a: unknown, b: unknown): boolean {
  return b !== undefined && JSON.stringify(a) === JSON.stringify(b);
}
