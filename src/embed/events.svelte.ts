// What an embedded sandbox tells its host page, as plain data: the element turns these into DOM events,
// the embed page into postMessage messages. The same order and the same details either way.
import type { Subscription } from 'xstate';
import type { Action, Outcome } from '../sim/index.ts';
import type { Mounted } from '../ui/mount.ts';

export type EmbedEvent =
  | { type: 'mi-ready'; detail: { view: string; lesson: string | null; steps: number } }
  | { type: 'mi-outcome'; detail: OutcomeDetail }
  | { type: 'mi-token-issued'; detail: TokenDetail }
  | { type: 'mi-step-completed'; detail: { lesson: string; step: number; of: number; title: string } }
  | { type: 'mi-lesson-completed'; detail: { lesson: string; title: string; steps: number } };

/** A token the simulated endpoint issued: who for, what audience, until when (the JWT itself stays inside). */
export interface TokenDetail {
  step: number;
  uti: string;
  audience: string;
  /** The identity's client id (appid claim). */
  clientId: string;
  via: string;
  /** Sandbox clock, ISO 8601. */
  expiresOn: string;
  cached: boolean;
}

export interface OutcomeDetail {
  /** Position in the timeline after the action (refused actions leave it unchanged). */
  step: number;
  action: Action['type'];
  ok: boolean;
  summary: string;
  error: { code: string; message: string } | null;
}

/** A plain, cloneable summary of what an action did (for events, messages and act()'s answer). */
export function outcomeDetail(step: number, action: Action, outcome: Outcome): OutcomeDetail {
  return {
    step,
    action: action.type,
    ok: outcome.ok,
    summary: outcome.summary,
    error: outcome.error ? { code: outcome.error.code, message: outcome.error.message } : null,
  };
}

/**
 * Follow a mounted sandbox and call `emit` for each event, starting with mi-ready once the sandbox (and
 * the lesson asked for) is open. Returns a function that stops following.
 */
export function followSandbox(embedding: Mounted['embedding'], options: { view: string; lesson: string | null }, emit: (event: EmbedEvent) => void): () => void {
  let ready = false;
  let subscription: Subscription | null = null;
  let followed: unknown = null;
  let lessonDone: string[] = [];
  let lessonCompleted = false;
  let lessonId: string | null = null;
  let started = $state(false);
  void embedding.started.then(() => (started = true));

  const stop = $effect.root(() => {
    // The sandbox shown (the free one, or the open lesson's): outcomes of actions applied from now on.
    $effect(() => {
      const store = embedding.active().store;
      if (store.actor === followed) return;
      followed = store.actor;
      subscription?.unsubscribe();
      let previous = store.actor.getSnapshot();
      subscription = store.actor.subscribe((s) => {
        const applied = previous.matches('applying') && s.context.last && s.context.last !== previous.context.last;
        previous = s;
        if (!ready || !applied) return;
        const { action, outcome } = s.context.last!;
        emit({ type: 'mi-outcome', detail: outcomeDetail(s.context.cursor, action, outcome) });
        const token = outcome.token ? s.context.world.tokens[outcome.token.uti] : undefined;
        if (token) {
          const { uti, audience, clientId, via, expiresOn } = token;
          emit({ type: 'mi-token-issued', detail: { step: s.context.cursor, uti, audience, clientId, via, expiresOn: new Date(expiresOn * 1000).toISOString(), cached: outcome.token!.cached } });
        }
      });
    });

    // Ready once the sandbox has settled and the lesson asked for is open (or could not be).
    $effect(() => {
      if (ready || !started) return;
      const store = embedding.active().store;
      const lessonSettled = !options.lesson || !!embedding.lessons.snapshot || !!embedding.lessons.error;
      if (store.busy || !lessonSettled || embedding.lessons.loading) return;
      ready = true;
      emit({ type: 'mi-ready', detail: { view: options.view, lesson: embedding.lessons.lesson?.id ?? null, steps: store.context.cursor } });
    });

    // Lesson progress: a step done, the lesson finished.
    $effect(() => {
      const snapshot = embedding.lessons.snapshot;
      const lesson = embedding.lessons.lesson;
      if (!snapshot || !lesson) return;
      const { done, completed } = snapshot.context;
      // A lesson newly opened, or moved to another step (gotoStep): what is done already is not news.
      const key = `${lesson.id}#${embedding.lessons.mounts}`;
      if (key !== lessonId) {
        lessonId = key;
        lessonDone = [...done];
        lessonCompleted = completed;
        return;
      }
      for (const id of done) {
        if (lessonDone.includes(id)) continue;
        const index = lesson.steps.findIndex((s) => s.id === id);
        emit({ type: 'mi-step-completed', detail: { lesson: lesson.id, step: index + 1, of: lesson.steps.length, title: lesson.steps[index]?.title ?? '' } });
      }
      lessonDone = [...done];
      if (completed && !lessonCompleted) emit({ type: 'mi-lesson-completed', detail: { lesson: lesson.id, title: lesson.title, steps: lesson.steps.length } });
      lessonCompleted = completed;
    });
  });

  return () => {
    stop();
    subscription?.unsubscribe();
  };
}
