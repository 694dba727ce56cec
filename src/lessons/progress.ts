// Lesson progress in a Storage the app hands in, namespaced by the app's instance id like the autosave
// (src/persist/autosave.ts): `managed-identity-sandbox:<instance>:lessons`. Each lesson's sandbox is
// autosaved apart from the free sandbox, as instance `<instance>:lesson:<lesson id>`. Nothing here
// throws: storage that is blocked or full just means progress is not kept.
import * as v from 'valibot';
import type { LessonProgress } from '../machine/lesson.ts';

export const PROGRESS_FORMAT = 'managed-identity-sandbox/lessons';
const VERSION = 1;

export interface LessonsState {
  /** The lesson open when the page was left, to reopen it after a reload. */
  active: string | null;
  lessons: Record<string, LessonProgress>;
}

const Count = v.pipe(v.number(), v.integer(), v.minValue(0));
const Progress = v.object({
  step: v.pipe(v.number(), v.integer(), v.minValue(0)),
  done: v.array(v.string()),
  hints: v.record(v.string(), v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3))),
  shown: v.array(v.string()),
  predictions: v.record(v.string(), v.pipe(v.number(), v.integer(), v.minValue(-1))),
  completed: v.boolean(),
  challenge: v.optional(v.object({ done: v.boolean(), moves: v.optional(Count), shown: v.boolean(), best: v.optional(Count) })),
});
const Saved = v.object({
  format: v.literal(PROGRESS_FORMAT),
  version: v.literal(VERSION),
  active: v.nullable(v.string()),
  lessons: v.record(v.string(), Progress),
});

export const progressKey = (instance = 'default') => `managed-identity-sandbox:${instance}:lessons`;
/** The autosave instance of a lesson's own sandbox. */
export const lessonInstance = (instance: string, lessonId: string) => `${instance}:lesson:${lessonId}`;

export interface ProgressStore {
  read(): LessonsState;
  write(state: LessonsState): boolean;
}

export function createProgressStore(storage: Storage | (() => Storage) | null, instance = 'default'): ProgressStore {
  const key = progressKey(instance);
  const store = () => (typeof storage === 'function' ? storage() : storage);
  return {
    read() {
      try {
        const text = store()?.getItem(key);
        const parsed = text ? v.safeParse(Saved, JSON.parse(text)) : null;
        if (parsed?.success) return { active: parsed.output.active, lessons: parsed.output.lessons };
      } catch {
        // unreadable or blocked: start afresh
      }
      return { active: null, lessons: {} };
    },
    write(state) {
      try {
        const s = store();
        if (!s) return false;
        s.setItem(key, JSON.stringify({ format: PROGRESS_FORMAT, version: VERSION, ...state }));
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** The lesson a link names: `#lesson=<folder>`; null when the fragment names none. */
export function readLessonParam(hash: string): string | null {
  const fragment = hash.includes('#') ? hash.slice(hash.indexOf('#') + 1) : hash;
  const id = new URLSearchParams(fragment).get('lesson');
  return id && /^\d{2}-[a-z0-9-]+$/.test(id) ? id : null;
}
