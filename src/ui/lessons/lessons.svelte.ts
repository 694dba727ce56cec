// Lessons mode: which lesson is open, its own sandbox (a second actor, autosaved under its own key, so
// the free sandbox and its autosave are never touched), the player actor, and saved progress. The app
// shows `app` (the lesson's UI state) in its panels while a lesson is open.
import { createActor, type SnapshotFrom } from 'xstate';
import { lessons as LESSONS, loaders } from 'virtual:lessons';
import { createProgressStore, lessonInstance, readLessonParam, type LessonsState } from '../../lessons/progress.ts';
import type { Lesson, LessonSummary } from '../../lessons/types.ts';
import type { Scenario } from '../../sim/index.ts';
import type { LessonActor, LessonProgress, lessonMachine } from '../../machine/lesson.ts';
import { createAutosave, type Autosave, type SavedSandbox } from '../../persist/index.ts';
import { AppState } from '../app-state.svelte.ts';
import { SandboxStore } from '../sandbox.svelte.ts';
import type { SessionOptions } from '../session.ts';

export type PlayerSnapshot = SnapshotFrom<typeof lessonMachine>;

interface Open {
  lesson: Lesson;
  store: SandboxStore;
  app: AppState;
  player: LessonActor;
  autosave: Autosave | null;
  stop: () => void;
}

export class Lessons {
  readonly list: LessonSummary[] = LESSONS;
  /** Whether the lesson pane is shown. */
  shown = $state(false);
  /** The open lesson, or null on the list. */
  lesson: Lesson | null = $state.raw(null);
  /** The open lesson's sandbox UI state: what the panels show while a lesson is open. */
  app: AppState | null = $state.raw(null);
  snapshot: PlayerSnapshot | null = $state.raw(null);
  progress: LessonsState = $state.raw({ active: null, lessons: {} });
  loading = $state(false);
  error: string | null = $state(null);
  /** Counts the lesson sandboxes mounted: a new one (a lesson opened, or moved to a step) starts its progress afresh. */
  mounts = $state(0);
  /** Called with each lesson sandbox as it is made (an embedding page's read-only guard). */
  guardStore: ((store: SandboxStore) => void) | null = null;
  private open: Open | null = null;
  private readonly store;

  constructor(private readonly options: SessionOptions) {
    this.store = createProgressStore(options.storage, options.instance);
    this.progress = this.store.read();
  }

  get player(): LessonActor | null {
    return this.open?.player ?? null;
  }

  /** Open a lesson named by a link (#lesson=<folder>), else reopen the one left open before a reload. */
  async start(): Promise<void> {
    const loc = this.options.location;
    const linked = loc ? readLessonParam(loc.hash) : null;
    if (linked && loc) {
      // Handled either way, like share links: a reload resumes rather than starting over again.
      loc.replace(loc.href.replace(/#.*$/, ''));
      if (this.list.some((l) => l.id === linked)) return this.openLesson(linked, { fromStart: true });
    }
    if (this.progress.active && this.list.some((l) => l.id === this.progress.active)) await this.openLesson(this.progress.active);
  }

  /** Show or hide the pane. Hiding goes back to the free sandbox; the lesson stays as it was. */
  toggle = () => {
    this.shown = !this.shown;
    this.save({ active: this.shown ? (this.lesson?.id ?? null) : null });
  };

  private opening: Promise<void> = Promise.resolve();

  /** Resolves once the lesson being opened (if any) is open: what a share link or an export should capture. */
  settled(): Promise<void> {
    return this.opening;
  }

  openLesson(id: string, options: { fromStart?: boolean } = {}): Promise<void> {
    this.opening = this.openNow(id, options);
    return this.opening;
  }

  private async openNow(id: string, { fromStart = false }: { fromStart?: boolean }): Promise<void> {
    this.shown = true;
    if (this.lesson?.id === id && !fromStart) return;
    this.close();
    this.loading = true;
    this.error = null;
    try {
      const load = loaders[id];
      if (!load) throw new Error(`There is no lesson “${id}”.`);
      // The player and the goals come with the lesson: the first page load needs neither.
      const [{ default: lesson }, player, end] = await Promise.all([load(), import('../../machine/lesson.ts'), import('../../lessons/end.ts')]);
      const saved = fromStart ? null : (this.progress.lessons[id] ?? null);
      this.mount(lesson, saved, player, end);
      this.save({ active: id, ...(fromStart ? { lessons: { ...this.progress.lessons, [id]: player.freshProgress() } } : {}) });
    } catch (e) {
      this.error = `The lesson could not be opened: ${(e as Error).message}`;
    } finally {
      this.loading = false;
    }
  }

  /**
   * Move the open lesson to step `index` (0-based): its sandbox rebuilt from the reference solutions of
   * the steps before it, as a saved lesson resumes when its sandbox was not saved (an embedding page's gotoStep).
   */
  async goToStep(index: number): Promise<void> {
    const lesson = this.lesson;
    if (!lesson) return;
    const [player, end] = await Promise.all([import('../../machine/lesson.ts'), import('../../lessons/end.ts')]);
    if (this.lesson !== lesson) return;
    const progress: LessonProgress = { ...player.freshProgress(), step: index, done: lesson.steps.slice(0, index).map((s) => s.id) };
    this.open?.stop();
    this.mount(lesson, progress, player, end, { rebuild: true });
    this.save({ active: lesson.id, lessons: { ...this.progress.lessons, [lesson.id]: progress } });
  }

  private mount(lesson: Lesson, saved: LessonProgress | null, { lessonMachine, progressOf }: typeof import('../../machine/lesson.ts'), { endOf, challengeStart }: typeof import('../../lessons/end.ts'), { rebuild = false } = {}): void {
    const storage = this.options.storage;
    const autosave = storage ? createAutosave({ storage, instance: lessonInstance(this.options.instance, lesson.id) }) : null;
    const restored = rebuild ? undefined : autosave?.load();
    // A started challenge has its own start in the sandbox; the lesson's steps have the lesson's.
    const challenge = saved?.completed && saved.challenge && lesson.challenge ? challengeStart(lesson) : null;
    const start = challenge ?? lesson.start;
    const input =
      saved && restored?.status === 'restored' && fits(start, restored.saved)
        ? { scenario: restored.saved.scenario, base: restored.saved.base, cursor: restored.saved.cursor }
        : challenge
          ? { scenario: challenge, base: challenge.actions.length }
          : saved
            ? // No usable save of the sandbox: rebuild the step's start (a completed lesson's end) from the reference solutions of the steps done.
              { scenario: endOf({ ...lesson, steps: lesson.steps.slice(0, saved.completed ? lesson.steps.length : saved.step) }), base: lesson.start.actions.length }
            : { scenario: lesson.start, base: lesson.start.actions.length };
    if (!saved) autosave?.clear();
    const store = new SandboxStore(input);
    this.guardStore?.(store);
    const app = new AppState(store);
    const player = createActor(lessonMachine, { input: { lesson, sandbox: store.actor, progress: saved } });
    const subs = [
      player.subscribe((s) => {
        this.snapshot = s;
        this.save({ lessons: { ...this.progress.lessons, [lesson.id]: progressOf(s.context) } });
      }),
      store.actor.subscribe((s) => {
        if (!s.matches('loading')) autosave?.save(s.context);
      }),
    ];
    player.start();
    this.snapshot = player.getSnapshot();
    this.open = {
      lesson,
      store,
      app,
      player,
      autosave,
      stop: () => {
        for (const s of subs) s.unsubscribe();
        player.stop();
        autosave?.dispose();
        store.stop();
      },
    };
    this.lesson = lesson;
    this.app = app;
    this.mounts++;
  }

  /** Back to the list of lessons. */
  close = () => {
    this.open?.stop();
    this.open = null;
    this.lesson = null;
    this.app = null;
    this.snapshot = null;
    if (this.progress.active) this.save({ active: null });
  };

  send: LessonActor['send'] = (event) => this.open?.player.send(event);

  /** Write pending saves now (the page is going away). */
  flush(): void {
    this.open?.autosave?.flush();
  }

  dispose(): void {
    this.open?.stop();
  }

  private save(change: Partial<LessonsState>): void {
    this.progress = { ...this.progress, ...change };
    this.store.write(this.progress);
  }
}

/** A saved lesson sandbox is used only if it was made from this start (the lesson's, or its challenge's). */
function fits(start: Scenario, saved: SavedSandbox): boolean {
  const base = saved.scenario.actions.slice(0, saved.base);
  return saved.scenario.seed === start.seed && saved.base === start.actions.length && JSON.stringify(base) === JSON.stringify(start.actions);
}
