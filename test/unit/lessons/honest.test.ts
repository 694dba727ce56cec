// Goals check what their step teaches and nothing ticks itself: for every step of every lesson the goal
// is false when the step begins, no "do it now" part of its checklist shows ✓ before the learner acts,
// it stays false while the reference solution is only partly done, and it holds after all of it. And no
// text a learner reads (lesson text, goal checklist, the outcomes of the reference solutions) names an
// internal action or field.
import { describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import { describe as describeGoal, evaluate, type Goal } from '../../../src/lessons/goals.ts';
import { loadLessons } from '../../../src/lessons/loader.ts';
import { plainText, type Block, type Inline, type Md } from '../../../src/lessons/md.ts';
import type { Lesson } from '../../../src/lessons/types.ts';
import { sandboxMachine } from '../../../src/machine/sandbox.ts';
import { ACTION_TYPES } from '../../../src/sim/actions.ts';
import { lessonFiles } from './files.ts';

const { lessons } = loadLessons(lessonFiles());

/** Parts of a goal that ask for something done just now: a ✓ on them before acting would be a lie. */
const isNowPart = (g: Goal) => 'lastCall' in g || 'lastRequest' in g || 'lastAction' in g || ('token' in g && !!g.token.latest);
const partsOf = (g: Goal): Goal[] => ('all' in g ? g.all : [g]);

describe.each(lessons.map((l) => [l.id, l] as const))('%s', (_id, lesson) => {
  it('every goal is false at its step’s start, stays false until the step is done, and holds after it', async () => {
    const actor = createActor(sandboxMachine, { input: { scenario: lesson.start, base: lesson.start.actions.length } });
    actor.start();
    let snap = await waitFor(actor, (s) => s.matches('idle'));
    const state = () => ({ world: snap.context.world, last: snap.context.last });
    for (const step of lesson.steps) {
      expect(evaluate(step.goal, state()).met, `${step.id}: done before it starts`).toBe(false);
      for (const part of partsOf(step.goal).filter(isNowPart)) {
        expect(evaluate(part, state()).met, `${step.id}: "${describeGoal(part)}" shows ✓ before the learner acts`).toBe(false);
      }
      for (const [i, action] of step.solution.entries()) {
        actor.send({ type: 'ACT', action });
        snap = await waitFor(actor, (s) => s.matches('idle'));
        const met = evaluate(step.goal, state()).met;
        if (i < step.solution.length - 1) expect(met, `${step.id}: done after ${i + 1} of ${step.solution.length} actions`).toBe(false);
        else expect(met, `${step.id}: not done after its reference solution`).toBe(true);
      }
    }
    actor.stop();
  });
});

// Internal words: action types ("token.request"), their fields in code style (`from`), and clock
// amounts only code would use ("7862400 seconds").
const INTERNAL = new RegExp(`(${ACTION_TYPES.map((t) => t.replace(/\./g, '\\.')).join('|')}|InvalidAction|\\b\\d{5,} seconds)`);
const FIELDS = new Set(['from', 'sdk', 'request', 'clientCredentials', 'authentication', 'assignee', 'resourceId', 'identityId', 'token', 'scope', 'seconds']);

function codeSpans(md: Md): string[] {
  const inl = (xs: Inline[]): string[] => xs.flatMap((x) => (typeof x === 'string' || x.t === 'br' ? [] : x.t === 'code' ? [x.text] : inl(x.c)));
  const block = (b: Block): string[] =>
    b.t === 'p' || b.t === 'h' ? inl(b.c) : b.t === 'list' ? b.items.flatMap((i) => i.flatMap(block)) : b.t === 'quote' ? b.c.flatMap(block) : b.t === 'table' ? [b.head, ...b.rows].flatMap((r) => r.flatMap(inl)) : [];
  return md.flatMap(block);
}

function texts(lesson: Lesson): { where: string; md: Md }[] {
  const out = [{ where: 'intro', md: lesson.intro }, ...lesson.recap.map((md, i) => ({ where: `recap ${i + 1}`, md }))];
  for (const s of lesson.steps) {
    out.push({ where: `${s.id} text`, md: s.body }, { where: `${s.id} nudge`, md: s.hints.nudge }, { where: `${s.id} concept`, md: s.hints.concept }, { where: `${s.id} action`, md: s.hints.action });
    if (s.predict) out.push({ where: `${s.id} question`, md: s.predict.question }, { where: `${s.id} explanation`, md: s.predict.explanation }, ...s.predict.choices.map((c, i) => ({ where: `${s.id} choice ${i + 1}`, md: c.text })));
  }
  if (lesson.challenge) out.push({ where: 'challenge task', md: lesson.challenge.task });
  return out;
}

describe('what a learner reads', () => {
  it('names no internal action or field in any lesson text or goal', () => {
    const found: string[] = [];
    for (const l of lessons) {
      for (const t of [l.title, l.summary]) if (INTERNAL.test(t)) found.push(`${l.id}: ${t}`);
      for (const { where, md } of texts(l)) {
        const text = plainText(md);
        if (INTERNAL.test(text)) found.push(`${l.id} ${where}: ${text.match(INTERNAL)![0]}`);
        for (const c of codeSpans(md)) if (FIELDS.has(c)) found.push(`${l.id} ${where}: \`${c}\``);
      }
      for (const s of l.steps) for (const g of [s.goal, ...partsOf(s.goal)]) if (INTERNAL.test(describeGoal(g))) found.push(`${l.id} ${s.id} goal: ${describeGoal(g)}`);
      const c = l.challenge;
      if (c) for (const g of [c.goal, ...partsOf(c.goal)]) if (INTERNAL.test(describeGoal(g)) || INTERNAL.test(c.title)) found.push(`${l.id} challenge goal: ${describeGoal(g)}`);
    }
    expect(found).toEqual([]);
  });

  it('names none in the outcomes of the reference solutions, and says "inherited" only for a role assigned above the resource', async () => {
    const found: string[] = [];
    const decisions: string[] = [];
    for (const lesson of lessons) {
      const actor = createActor(sandboxMachine, { input: { scenario: lesson.start, base: lesson.start.actions.length } });
      actor.start();
      for (const step of lesson.steps) {
        for (const action of step.solution) {
          actor.send({ type: 'ACT', action });
          const snap = await waitFor(actor, (s) => s.matches('idle'));
          const o = snap.context.last!.outcome;
          for (const t of [o.summary, ...o.notes, o.error?.message ?? '', o.sdk?.error?.message ?? '']) if (INTERNAL.test(t)) found.push(`${lesson.id} ${step.id}: ${t}`);
          const d = o.call?.decision;
          if (d?.granted) decisions.push(`${d.granted.level} ${d.granted.inherited ? 'inherited' : 'here'}: ${d.reason}`);
        }
      }
      actor.stop();
    }
    expect(found).toEqual([]);
    // Every lesson grants on the vault or account itself: the call to a secret or blob in it says "assigned on".
    expect(decisions.length).toBeGreaterThan(5);
    for (const d of decisions) if (d.startsWith('resource')) expect(d).not.toContain('inherited from');
    expect(decisions.some((d) => /assigned on resource 'kv-demo-1'/.test(d))).toBe(true);
  });
});

describe('confirmations in lessons', () => {
  it('removing an assignment whose vault exists does not say its scope is deleted (lesson 8, clean up)', async () => {
    const { apply } = await import('../../../src/sim/index.ts');
    const { consequences } = await import('../../../src/sim/describe.ts');
    const lesson = lessons.find((l) => l.id === '08-recreate-same-name')!;
    const actor = createActor(sandboxMachine, { input: { scenario: lesson.start, base: lesson.start.actions.length } });
    actor.start();
    let snap = await waitFor(actor, (s) => s.matches('idle'));
    for (const step of lesson.steps) {
      if (step.id === 'clean-up') {
        const action = step.solution[0]!;
        const { outcome } = await apply(snap.context.world, action);
        const words = consequences(snap.context.world, outcome).deleted.join(' ');
        expect(words).toMatch(/Role assignment Key Vault Secrets User for .* at kv-app/);
        expect(words).not.toContain('scope is deleted');
        break;
      }
      for (const action of step.solution) {
        actor.send({ type: 'ACT', action });
        snap = await waitFor(actor, (s) => s.matches('idle'));
      }
    }
    actor.stop();
  });
});
