// The lesson player follows the sandbox: goals tick as the learner acts, hints come one level at a time,
// "show me" sends the reference actions, a restart reloads the start, saved progress resumes.
import { describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import { figuresOf, lessonMachine, progressOf, type LessonProgress } from '../../../src/machine/lesson.ts';
import { sandboxMachine } from '../../../src/machine/sandbox.ts';
import { loadLessons } from '../../../src/lessons/loader.ts';
import { lessonFiles } from './files.ts';

const lesson = loadLessons(lessonFiles()).lessons.find((l) => l.id === '02-system-assigned')!;
const vm = '/resourceGroups/rg-demo/providers/Microsoft.Compute/virtualMachines/web-1';

async function start(progress?: LessonProgress) {
  const sandbox = createActor(sandboxMachine, { input: { scenario: lesson.start, base: lesson.start.actions.length } }).start();
  await waitFor(sandbox, (s) => s.matches('idle'));
  const player = createActor(lessonMachine, { input: { lesson, sandbox, progress: progress ?? null } }).start();
  const settled = () => waitFor(sandbox, (s) => s.matches('idle') && s.context.queue.length === 0);
  return { sandbox, player, settled };
}

describe('the lesson player', () => {
  it('ticks the goal when the learner acts in the sandbox, then moves on with NEXT', async () => {
    const { sandbox, player, settled } = await start();
    expect(player.getSnapshot().value).toBe('step');
    expect(player.getSnapshot().context.goal?.met).toBe(false);
    sandbox.send({ type: 'ACT', action: { type: 'identity.system.enable', resourceId: vm } });
    await settled();
    expect(player.getSnapshot().value).toBe('stepDone');
    expect(player.getSnapshot().context.done).toEqual(['enable']);
    player.send({ type: 'NEXT' });
    expect(player.getSnapshot().context.step).toBe(1);
    expect(player.getSnapshot().value).toBe('step');
  });

  it('reveals hints one level at a time, up to three', async () => {
    const { player } = await start();
    for (let i = 0; i < 5; i++) player.send({ type: 'HINT' });
    expect(player.getSnapshot().context.hints).toEqual({ enable: 3 });
  });

  it('records one answer per predict question, and a skip', async () => {
    const { player } = await start();
    player.send({ type: 'ANSWER', choice: 7 });
    expect(player.getSnapshot().context.predictions).toEqual({});
    player.send({ type: 'ANSWER', choice: 1 });
    player.send({ type: 'ANSWER', choice: 0 });
    expect(player.getSnapshot().context.predictions).toEqual({ enable: 1 });
  });

  it('"show me" performs each step; the summary counts hints, answers and steps shown', async () => {
    const { player, settled } = await start();
    player.send({ type: 'ANSWER', choice: 0 });
    player.send({ type: 'HINT' });
    for (let i = 0; i < lesson.steps.length; i++) {
      player.send({ type: 'SHOW_ME' });
      await settled();
      await waitFor(player, (s) => s.matches('stepDone'));
      player.send({ type: 'NEXT' });
    }
    const snap = player.getSnapshot();
    expect(snap.value).toBe('complete');
    expect(snap.context.completed).toBe(true);
    expect(figuresOf(snap.context)).toEqual({ steps: 3, hints: 1, shown: 3, predicted: 1, right: 1 });
  });

  it('restarts from the lesson start with no progress', async () => {
    const { sandbox, player, settled } = await start();
    player.send({ type: 'SHOW_ME' });
    await settled();
    player.send({ type: 'NEXT' });
    player.send({ type: 'RESTART' });
    await settled();
    const snap = player.getSnapshot();
    expect(snap.value).toBe('step');
    expect(progressOf(snap.context)).toEqual({ step: 0, done: [], hints: {}, shown: [], predictions: {}, completed: false });
    expect(sandbox.getSnapshot().context.entries).toEqual([]);
    expect(snap.context.goal?.met).toBe(false);
  });

  it('resumes saved progress, dropping what no longer fits the lesson', async () => {
    const { player } = await start({ step: 1, done: ['enable', 'gone'], hints: { disable: 2 }, shown: [], predictions: {}, completed: false });
    const snap = player.getSnapshot();
    expect(snap.context.step).toBe(1);
    expect(snap.context.done).toEqual(['enable']);
    expect(snap.value).toBe('step');
    const bad = await start({ step: 99, done: [], hints: {}, shown: [], predictions: {}, completed: false });
    expect(bad.player.getSnapshot().context.step).toBe(0);
  });
});

describe('lesson progress in storage', async () => {
  const { createProgressStore, progressKey, readLessonParam } = await import('../../../src/lessons/progress.ts');
  class Memory implements Storage {
    data = new Map<string, string>();
    get length() {
      return this.data.size;
    }
    clear() {
      this.data.clear();
    }
    getItem(k: string) {
      return this.data.get(k) ?? null;
    }
    key(i: number) {
      return [...this.data.keys()][i] ?? null;
    }
    removeItem(k: string) {
      this.data.delete(k);
    }
    setItem(k: string, v: string) {
      this.data.set(k, v);
    }
  }

  it('round-trips per instance, and ignores what it cannot read', () => {
    const storage = new Memory();
    const a = createProgressStore(storage, 'a');
    const state = { active: '02-system-assigned', lessons: { '02-system-assigned': { step: 1, done: ['enable'], hints: { enable: 2 }, shown: [], predictions: { enable: 0 }, completed: false } } };
    expect(a.write(state)).toBe(true);
    expect(a.read()).toEqual(state);
    expect(createProgressStore(storage, 'b').read()).toEqual({ active: null, lessons: {} });
    storage.setItem(progressKey('a'), '{"format":"x"}');
    expect(a.read()).toEqual({ active: null, lessons: {} });
    const blocked = createProgressStore(() => {
      throw new Error('SecurityError');
    });
    expect(blocked.read()).toEqual({ active: null, lessons: {} });
    expect(blocked.write(state)).toBe(false);
  });

  it('reads #lesson=<folder> without touching the share link parameter', () => {
    expect(readLessonParam('#lesson=02-system-assigned')).toBe('02-system-assigned');
    expect(readLessonParam('https://x.example/#lesson=11-which-type')).toBe('11-which-type');
    expect(readLessonParam('#s=mis1.abc.def')).toBeNull();
    expect(readLessonParam('#lesson=../../etc')).toBeNull();
  });
});

describe('the challenge', () => {
  const done: LessonProgress = { step: lesson.steps.length - 1, done: lesson.steps.map((s) => s.id), hints: {}, shown: [], predictions: {}, completed: true };
  const id = (name: string) => `/resourceGroups/rg-demo/providers/Microsoft.Compute/virtualMachines/${name}`;

  it('loads its start, grades by the world, counts the learner’s actions (undone ones not) and saves the result', async () => {
    const { sandbox, player, settled } = await start(done);
    expect(player.getSnapshot().value).toBe('complete');
    player.send({ type: 'CHALLENGE' });
    await settled();
    await waitFor(player, (s) => s.context.world !== null);
    expect(player.getSnapshot().value).toBe('challenge');
    expect(player.getSnapshot().context.goal?.met).toBe(false);
    // A detour, undone: it does not count.
    sandbox.send({ type: 'ACT', action: { type: 'identity.system.disable', resourceId: id('web-1') } });
    await settled();
    sandbox.send({ type: 'UNDO' });
    sandbox.send({ type: 'ACT', action: { type: 'resource.delete', id: id('old-1') } });
    await settled();
    expect(player.getSnapshot().value).toBe('challenge');
    expect(player.getSnapshot().context.moves).toBe(1);
    sandbox.send({ type: 'ACT', action: { type: 'identity.system.enable', resourceId: id('web-2') } });
    await settled();
    expect(player.getSnapshot().value).toBe('challengeDone');
    expect(progressOf(player.getSnapshot().context).challenge).toEqual({ done: true, moves: 2, shown: false, best: 2 });

    // Again, the long way round: the new count is shown, the best is kept.
    player.send({ type: 'CHALLENGE' });
    await settled();
    await waitFor(player, (s) => s.context.world !== null);
    for (const action of [
      { type: 'identity.system.enable', resourceId: id('web-2') },
      { type: 'identity.system.disable', resourceId: id('web-2') },
      { type: 'identity.system.enable', resourceId: id('web-2') },
      { type: 'identity.system.disable', resourceId: id('old-1') },
    ] as const) {
      sandbox.send({ type: 'ACT', action });
      await settled();
    }
    expect(player.getSnapshot().value).toBe('challengeDone');
    expect(progressOf(player.getSnapshot().context).challenge).toEqual({ done: true, moves: 4, shown: false, best: 2 });
  });

  it('gives up by starting over and performing the reference solution, and resumes from saved progress', async () => {
    const { player, settled } = await start({ ...done, challenge: { done: false, shown: false } });
    expect(player.getSnapshot().value).toBe('challenge');
    player.send({ type: 'CHALLENGE_SOLUTION' });
    await settled();
    await waitFor(player, (s) => s.matches('challengeDone'));
    expect(progressOf(player.getSnapshot().context).challenge).toEqual({ done: true, moves: lesson.challenge!.solution.length, shown: true });
  });
});
