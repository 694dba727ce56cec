// What a lesson is once loaded: plain JSON, compiled from lessons/NN-slug/lesson.md at build time, so the
// browser needs no YAML or Markdown parser. The goal vocabulary is in goals.ts, the text model in md.ts.
import type { Action, Scenario } from '../sim/index.ts';
import type { Goal } from './goals.ts';
import type { Md } from './md.ts';

export interface Lesson {
  /** The folder name, e.g. "02-system-assigned": stable, used in links (#lesson=...) and saved progress. */
  id: string;
  /** The folder's number, for order. */
  number: number;
  title: string;
  summary: string;
  minutes: number;
  /** Text before the first step. */
  intro: Md;
  /** Points for the completion summary. */
  recap: Md[];
  /** The world the lesson starts from, resolved (a lesson that continues the previous one gets its end state). */
  start: Scenario;
  steps: LessonStep[];
  /** The closing challenge, if the lesson has one. */
  challenge?: Challenge;
}

/**
 * A task after the last step, with no step-by-step text: it starts where the lesson ends plus `setup`,
 * is graded by the world alone, and the learner's number of actions is compared with the solution's.
 */
export interface Challenge {
  id: string;
  title: string;
  /** The task, in a few sentences. */
  task: Md;
  /** Actions that set the scene after the lesson's last step (new resources for the task). */
  setup: Action[];
  goal: Goal;
  /** The reference solution: "Show solution" sends it, the target picture is drawn from it, its length is the par. */
  solution: Action[];
}

export interface LessonStep {
  id: string;
  title: string;
  body: Md;
  goal: Goal;
  /** Revealed one at a time: a nudge, then the concept, then the exact action. */
  hints: { nudge: Md; concept: Md; action: Md };
  /** Actions that reach the goal from the step's start; "Show me" sends them, the tests replay them. */
  solution: Action[];
  predict?: Predict;
}

export interface Predict {
  question: Md;
  choices: { text: Md; correct: boolean }[];
  /** Shown once the learner has answered. */
  explanation: Md;
}

/** What the lesson list shows before a lesson's own module is loaded. */
export interface LessonSummary {
  id: string;
  number: number;
  title: string;
  summary: string;
  minutes: number;
  steps: number;
}
