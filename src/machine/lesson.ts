// The lesson player: follows a sandbox actor's world and last outcome, ticks the current step's goal
// live, reveals hints one level at a time, records predictions, and can show the reference solution
// (by sending its actions to the sandbox) or restart the lesson (by loading its start state there).
// After the last step, the lesson's challenge: loaded into the sandbox, graded by the world, and the
// learner's number of actions kept beside the reference solution's.
// The UI sends events and renders the snapshot; saving progress is the UI's job (progressOf).
import { assign, enqueueActions, fromCallback, setup, type ActorRefFrom } from 'xstate';
import { challengeStart } from '../lessons/end.ts';
import { evaluate, type Goal, type GoalResult } from '../lessons/goals.ts';
import type { Lesson, LessonStep } from '../lessons/types.ts';
import type { Action, Outcome, World } from '../sim/index.ts';
import type { SandboxContext, sandboxMachine } from './sandbox.ts';

export type SandboxRef = ActorRefFrom<typeof sandboxMachine>;

/** What is saved per lesson so the learner resumes where they left off. */
export interface LessonProgress {
  /** Index of the current step. */
  step: number;
  /** Ids of the steps whose goal was met. */
  done: string[];
  /** Hints revealed per step id (0 to 3). */
  hints: Record<string, number>;
  /** Steps whose reference solution the learner asked to see. */
  shown: string[];
  /** The choice picked per step id; -1 when the learner skipped the question. */
  predictions: Record<string, number>;
  completed: boolean;
  /** The closing challenge, once started. */
  challenge?: ChallengeProgress;
}

export interface ChallengeProgress {
  done: boolean;
  /** The learner's number of actions when the goal was met. */
  moves?: number;
  /** Whether the learner gave up and had the reference solution shown. */
  shown: boolean;
  /** The fewest actions of any attempt the learner solved themselves, kept across tries. */
  best?: number;
}

/** The learner's actions in effect since the sandbox's start (a challenge's start once it is loaded); undone ones do not count, refused ones never joined. */
export function challengeMoves(c: Pick<SandboxContext, 'base' | 'startCount' | 'cursor'>): number {
  return c.base.length - c.startCount + c.cursor;
}

export const HINT_LEVELS = 3;

export interface LessonContext extends LessonProgress {
  lesson: Lesson;
  sandbox: SandboxRef;
  /** The sandbox's latest settled world and last outcome. */
  world: World | null;
  last: { action: Action; outcome: Outcome } | null;
  /** The current step's goal (the challenge's, once it started), evaluated against the latest world. */
  goal: GoalResult | null;
  /** The learner's actions since the challenge's start, as the sandbox counts them. */
  moves: number;
}

export interface LessonInput {
  lesson: Lesson;
  sandbox: SandboxRef;
  progress?: LessonProgress | null;
}

export type LessonEvent =
  | { type: 'SANDBOX'; world: World; last: { action: Action; outcome: Outcome } | null; moves: number }
  | { type: 'NEXT' }
  | { type: 'HINT' }
  | { type: 'SHOW_ME' }
  | { type: 'ANSWER'; choice: number }
  | { type: 'SKIP_PREDICT' }
  | { type: 'RESTART' }
  /** Start the challenge, or start it over: its start state is loaded into the sandbox. */
  | { type: 'CHALLENGE' }
  /** Give up: the challenge starts over and its reference solution is performed. */
  | { type: 'CHALLENGE_SOLUTION' };

export function freshProgress(): LessonProgress {
  return { step: 0, done: [], hints: {}, shown: [], predictions: {}, completed: false };
}

export function progressOf(c: LessonProgress): LessonProgress {
  return { step: c.step, done: c.done, hints: c.hints, shown: c.shown, predictions: c.predictions, completed: c.completed, ...(c.challenge ? { challenge: c.challenge } : {}) };
}

/** The goal the player is grading: the challenge's once it started, else the current step's. */
function activeGoal(c: Pick<LessonContext, 'lesson' | 'step' | 'completed' | 'challenge'>): Goal {
  return c.completed && c.challenge && c.lesson.challenge ? c.lesson.challenge.goal : currentStep(c).goal;
}

export function currentStep(c: Pick<LessonContext, 'lesson' | 'step'>): LessonStep {
  return c.lesson.steps[Math.min(c.step, c.lesson.steps.length - 1)]!;
}

/** Saved progress that fits this lesson (steps may have changed since it was saved). */
function adopt(lesson: Lesson, saved: LessonProgress | null | undefined): LessonProgress {
  if (!saved) return freshProgress();
  const ids = new Set(lesson.steps.map((s) => s.id));
  const step = Number.isInteger(saved.step) && saved.step >= 0 && saved.step < lesson.steps.length ? saved.step : 0;
  return { ...freshProgress(), ...saved, step, done: saved.done.filter((id) => ids.has(id)) };
}

export interface LessonSummaryFigures {
  steps: number;
  hints: number;
  shown: number;
  predicted: number;
  right: number;
}

/** The completion summary's figures. */
export function figuresOf(c: Pick<LessonContext, 'lesson' | 'hints' | 'shown' | 'predictions'>): LessonSummaryFigures {
  const asked = c.lesson.steps.filter((s) => s.predict && c.predictions[s.id] !== undefined && c.predictions[s.id]! >= 0);
  return {
    steps: c.lesson.steps.length,
    hints: Object.values(c.hints).reduce((a, b) => a + b, 0),
    shown: c.shown.length,
    predicted: asked.length,
    right: asked.filter((s) => s.predict!.choices[c.predictions[s.id]!]?.correct).length,
  };
}

const followSandbox = fromCallback<LessonEvent, { sandbox: SandboxRef }>(({ input, sendBack }) => {
  const forward = (s: ReturnType<SandboxRef['getSnapshot']>) => {
    // Only settled states: while a scenario loads or an action applies, the context is the old one.
    if (s.matches('idle')) sendBack({ type: 'SANDBOX', world: s.context.world, last: s.context.last, moves: challengeMoves(s.context) });
  };
  forward(input.sandbox.getSnapshot());
  const sub = input.sandbox.subscribe(forward);
  return () => sub.unsubscribe();
});

export const lessonMachine = setup({
  types: {
    context: {} as LessonContext,
    events: {} as LessonEvent,
    input: {} as LessonInput,
  },
  actors: { followSandbox },
  guards: {
    goalMet: ({ context }) => context.goal?.met === true,
    stepDone: ({ context }) => context.done.includes(currentStep(context).id),
    isCompleted: ({ context }) => context.completed,
    hasChallenge: ({ context }) => !!context.lesson.challenge,
    inChallenge: ({ context }) => context.completed && !!context.challenge && !!context.lesson.challenge,
    challengeDone: ({ context }) => context.completed && !!context.challenge?.done && !!context.lesson.challenge,
    hasNextStep: ({ context }) => context.step < context.lesson.steps.length - 1,
    canHint: ({ context }) => (context.hints[currentStep(context).id] ?? 0) < HINT_LEVELS,
    canAnswer: ({ context, event }) => {
      const step = currentStep(context);
      return event.type === 'ANSWER' && !!step.predict && context.predictions[step.id] === undefined && Number.isInteger(event.choice) && event.choice >= 0 && event.choice < step.predict.choices.length;
    },
  },
  actions: {
    observe: assign(({ context, event }) => {
      if (event.type !== 'SANDBOX') return {};
      return { world: event.world, last: event.last, moves: event.moves, goal: evaluate(activeGoal(context), { world: event.world, last: event.last }) };
    }),
    evaluateGoal: assign(({ context }) => ({ goal: context.world ? evaluate(activeGoal(context), { world: context.world, last: context.last }) : null })),
    markDone: assign(({ context }) => {
      const id = currentStep(context).id;
      return context.done.includes(id) ? {} : { done: [...context.done, id] };
    }),
    advance: assign(({ context }) => ({ step: context.step + 1 })),
    complete: assign({ completed: true }),
    revealHint: assign(({ context }) => {
      const id = currentStep(context).id;
      return { hints: { ...context.hints, [id]: Math.min(HINT_LEVELS, (context.hints[id] ?? 0) + 1) } };
    }),
    recordAnswer: assign(({ context, event }) => (event.type === 'ANSWER' ? { predictions: { ...context.predictions, [currentStep(context).id]: event.choice } } : {})),
    skipPredict: assign(({ context }) => {
      const id = currentStep(context).id;
      return context.predictions[id] === undefined ? { predictions: { ...context.predictions, [id]: -1 } } : {};
    }),
    /** Send the step's reference actions to the sandbox, which applies them in order. */
    showMe: enqueueActions(({ context, enqueue }) => {
      const step = currentStep(context);
      enqueue.assign({ shown: context.shown.includes(step.id) ? context.shown : [...context.shown, step.id] });
      for (const action of step.solution) enqueue.sendTo(context.sandbox, { type: 'ACT', action });
    }),
    /**
     * Load the challenge's start into the sandbox. Until it has loaded there is no world to grade, so a
     * world left from the lesson cannot count as solved.
     */
    startChallenge: enqueueActions(({ context, enqueue }, params: { shown: boolean }) => {
      const challenge = context.lesson.challenge;
      if (!challenge) return;
      const start = challengeStart(context.lesson);
      const best = context.challenge?.best;
      enqueue.assign({ challenge: { done: false, shown: params.shown, ...(best !== undefined ? { best } : {}) }, world: null, last: null, goal: null, moves: 0 });
      enqueue.sendTo(context.sandbox, { type: 'LOAD', scenario: start, base: start.actions.length });
      if (params.shown) for (const action of challenge.solution) enqueue.sendTo(context.sandbox, { type: 'ACT', action });
    }),
    finishChallenge: assign(({ context }) => {
      const shown = context.challenge?.shown ?? false;
      const best = [context.challenge?.best, shown ? undefined : context.moves].filter((n) => n !== undefined);
      return { challenge: { done: true, moves: context.moves, shown, ...(best.length ? { best: Math.min(...best) } : {}) } };
    }),
    /** Back to the lesson's start state, with no progress. */
    restart: enqueueActions(({ context, enqueue }) => {
      enqueue.assign({ ...freshProgress(), goal: null, world: null, last: null });
      enqueue.sendTo(context.sandbox, { type: 'LOAD', scenario: context.lesson.start, base: context.lesson.start.actions.length });
    }),
  },
}).createMachine({
  id: 'lesson',
  context: ({ input }) => ({ ...adopt(input.lesson, input.progress), lesson: input.lesson, sandbox: input.sandbox, world: null, last: null, goal: null, moves: 0 }),
  invoke: { src: 'followSandbox', input: ({ context }) => ({ sandbox: context.sandbox }) },
  initial: 'resuming',
  on: {
    RESTART: { target: '.step', reenter: true, actions: 'restart' },
  },
  states: {
    resuming: {
      always: [
        { guard: 'challengeDone', target: 'challengeDone' },
        { guard: 'inChallenge', target: 'challenge' },
        { guard: 'isCompleted', target: 'complete' },
        { guard: 'stepDone', target: 'stepDone' },
        { target: 'step' },
      ],
    },
    step: {
      entry: 'evaluateGoal',
      always: { guard: 'goalMet', target: 'stepDone', actions: 'markDone' },
      on: {
        SANDBOX: { actions: 'observe' },
        HINT: { guard: 'canHint', actions: 'revealHint' },
        SHOW_ME: { actions: 'showMe' },
        ANSWER: { guard: 'canAnswer', actions: 'recordAnswer' },
        SKIP_PREDICT: { actions: 'skipPredict' },
      },
    },
    stepDone: {
      on: {
        SANDBOX: { actions: 'observe' },
        HINT: { guard: 'canHint', actions: 'revealHint' },
        ANSWER: { guard: 'canAnswer', actions: 'recordAnswer' },
        NEXT: [
          { guard: 'hasNextStep', target: 'step', actions: 'advance' },
          { target: 'complete', actions: 'complete' },
        ],
      },
    },
    complete: {
      on: {
        SANDBOX: { actions: 'observe' },
        CHALLENGE: { guard: 'hasChallenge', target: 'challenge', actions: { type: 'startChallenge', params: { shown: false } } },
      },
    },
    challenge: {
      entry: 'evaluateGoal',
      always: { guard: 'goalMet', target: 'challengeDone', actions: 'finishChallenge' },
      on: {
        SANDBOX: { actions: 'observe' },
        CHALLENGE: { target: 'challenge', reenter: true, actions: { type: 'startChallenge', params: { shown: false } } },
        CHALLENGE_SOLUTION: { target: 'challenge', reenter: true, actions: { type: 'startChallenge', params: { shown: true } } },
      },
    },
    challengeDone: {
      on: {
        SANDBOX: { actions: 'observe' },
        CHALLENGE: { target: 'challenge', actions: { type: 'startChallenge', params: { shown: false } } },
      },
    },
  },
});

export type LessonActor = ActorRefFrom<typeof lessonMachine>;
