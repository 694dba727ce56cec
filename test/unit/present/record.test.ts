// Recording a demo by doing it: following the sandbox's history, then the demo file and the lesson draft
// it becomes. The four repo demos serve as recordings: their setup is the start, their actions the steps.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadLessons } from '../../../src/lessons/loader.ts';
import { checkDemoReplays, parseDemo, parseDemoText } from '../../../src/present/demo.ts';
import { goalHolds, goalYaml, lessonDraft, proposeGoal, readGoal, sectionMarkdown, stepGoals } from '../../../src/present/lesson-draft.ts';
import {
  demoFileText,
  describeSteps,
  followHistory,
  readRecording,
  recordingText,
  recordingToDemo,
  replayRecording,
  startRecording,
  stopRecording,
  whyNotDelete,
  type Recording,
} from '../../../src/present/record.ts';
import type { Action } from '../../../src/sim/index.ts';

const dir = new URL('../../../demos/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

function recordingOf(file: string): Recording {
  const parsed = parseDemoText(readFileSync(new URL(file, dir), 'utf8'), file);
  if (!parsed.ok) throw new Error(parsed.problem);
  const { scenario, steps, title } = parsed.demo;
  const actions = steps.flatMap((s) => s.actions);
  let rec = startRecording({ header: scenario, actions: scenario.actions, at: scenario.actions.length }, title);
  rec = followHistory(rec, { header: scenario, actions: [...scenario.actions, ...actions], at: scenario.actions.length + actions.length });
  return stopRecording(rec);
}

const vm = '/resourceGroups/rg-demo/providers/Microsoft.Compute/virtualMachines/web-1';
const header = { seed: 's1' };
const setup: Action[] = [{ type: 'resourceGroup.create', name: 'rg-demo' }, { type: 'resource.create', kind: 'vm', resourceGroup: 'rg-demo', name: 'web-1' }];
const enable: Action = { type: 'identity.system.enable', resourceId: vm };
const clock: Action = { type: 'clock.advance', seconds: 60 };

describe('recording follows the history', () => {
  it('each action after the start is a step; undo takes the last one back; redo future is not recorded', () => {
    let rec = startRecording({ header, actions: setup, at: 2 });
    expect(rec.start.actions).toEqual(setup);
    rec = followHistory(rec, { header, actions: [...setup, enable, clock], at: 4 });
    expect(rec.steps.map((s) => s.action)).toEqual([enable, clock]);
    rec = { ...rec, steps: rec.steps.map((s, i) => (i === 0 ? { ...s, notes: 'kept' } : s)) };
    rec = followHistory(rec, { header, actions: [...setup, enable, clock], at: 3 }); // Undo
    expect(rec.steps.map((s) => s.action)).toEqual([enable]);
    expect(rec.steps[0]!.notes).toBe('kept');
  });

  it('starts after the cursor: the redo future at the start is neither setup nor a step', () => {
    const rec = startRecording({ header, actions: [...setup, enable], at: 2 });
    expect(rec.start.actions).toEqual(setup);
    expect(followHistory(rec, { header, actions: [...setup, clock], at: 3 }).steps.map((s) => s.action)).toEqual([clock]);
  });

  it('a history that no longer begins with the start detaches the recording and keeps its steps; a reload (equal copies) matches', () => {
    let rec = followHistory(startRecording({ header, actions: setup, at: 2 }), { header, actions: [...setup, enable], at: 3 });
    const other = followHistory(rec, { header: { seed: 'another' }, actions: [], at: 0 });
    expect(other.detached).toBe(true);
    expect(other.steps).toHaveLength(1);
    rec = followHistory(other, { header, actions: JSON.parse(JSON.stringify([...setup, enable])) as Action[], at: 3 });
    expect(rec.detached).toBeUndefined();
    expect(rec.steps).toHaveLength(1);
  });

  it('the draft survives storage and refuses what it cannot read', () => {
    const rec = followHistory(startRecording({ header, actions: setup, at: 2 }, 'My demo'), { header, actions: [...setup, enable], at: 3 });
    const back = readRecording(recordingText(rec));
    expect(back).toEqual({ ok: true, recording: rec });
    expect(readRecording('{')).toEqual({ ok: false, problem: 'the saved recording is damaged' });
    const newer = JSON.parse(recordingText(rec)) as Record<string, unknown>;
    newer.version = 9;
    expect(readRecording(JSON.stringify(newer))).toEqual({ ok: false, problem: 'version 9 is newer than this sandbox understands (1); update the sandbox to open it.' });
    const bad = JSON.parse(recordingText(rec)) as { steps: { action: unknown }[] };
    bad.steps[0]!.action = { type: 'nope' };
    expect(readRecording(JSON.stringify(bad)).ok).toBe(false);
  });
});

describe('a recording becomes a demo file', () => {
  for (const file of files) {
    it(`${file}: the recorded steps make a valid demo that replays, titled by what each action did`, async () => {
      const rec = recordingOf(file);
      const replayed = await replayRecording(rec.start, rec.steps.map((s) => s.action));
      expect(replayed.refused).toBeUndefined();
      const descriptions = describeSteps(rec, replayed);
      const { text, fileName } = demoFileText(rec, descriptions);
      expect(fileName).toMatch(/^[a-z0-9-]+\.json$/);
      const parsed = parseDemoText(text, `demos/${fileName}`);
      if (!parsed.ok) throw new Error(parsed.problem);
      expect(await checkDemoReplays(parsed.demo, fileName)).toEqual({ ok: true });
      expect(parsed.demo.steps[0]!.title).toBe('Where we start');
      expect(parsed.demo.steps.slice(1).map((s) => s.title)).toEqual(descriptions.map((d) => d.slice(0, 120)));
    });
  }

  it('titles and notes written for the steps are kept; hostile text stays text', async () => {
    const rec: Recording = { ...recordingOf('system-assigned-lifecycle.json'), title: '  <img src=x onerror=alert(1)>\nDemo  ' };
    rec.steps[0] = { ...rec.steps[0]!, title: 'Turn it on', notes: '**Why**: ## not a heading' };
    const replayed = await replayRecording(rec.start, rec.steps.map((s) => s.action));
    const demo = recordingToDemo(rec, describeSteps(rec, replayed));
    expect(demo.title).toBe('<img src=x onerror=alert(1)> Demo');
    expect(demo.steps[1]).toMatchObject({ title: 'Turn it on', notes: '**Why**: ## not a heading' });
    expect(parseDemo(demo, 'x.json').ok).toBe(true);
  });

  it('a step can be deleted only when the rest still replays', async () => {
    const rec = recordingOf('system-assigned-lifecycle.json');
    const replayed = await replayRecording(rec.start, rec.steps.map((s) => s.action));
    const descriptions = describeSteps(rec, replayed);
    expect(descriptions[0]).toBe('Turn on the system-assigned identity of web-1');
    // Granting the VM's identity a role needs the identity: the grant would be refused.
    expect(await whyNotDelete(rec, 0, descriptions)).toMatch(/^Step 1 cannot be deleted: without it, step 2 \(Grant Key Vault Secrets User to web-1 at kv-demo-1\) would be refused \(/);
    // The last step (deleting the VM) can go.
    expect(await whyNotDelete(rec, rec.steps.length - 1, descriptions)).toBeNull();
  });
});

describe('unknown demo version', () => {
  it('a newer demo file says so in the words scenario files use', () => {
    const demo = { format: 'managed-identity-sandbox/demo', version: 2, title: 'T', scenario: { version: 1, seed: 's', actions: [] }, steps: [{ title: 'One' }] };
    expect(parseDemoText(JSON.stringify(demo), 'future.json')).toEqual({ ok: false, problem: 'future.json: version 2 is newer than this sandbox understands (1); update the sandbox to open it.' });
  });
});

describe('a recording becomes a lesson draft', () => {
  it('proposes the goal each action reached, and every proposal holds right after its step', async () => {
    const proposals: string[] = [];
    for (const file of files) {
      const rec = recordingOf(file);
      const replayed = await replayRecording(rec.start, rec.steps.map((s) => s.action));
      rec.steps.forEach((s, i) => {
        const goal = proposeGoal(replayed.worlds[i]!, replayed.worlds[i + 1]!, s.action, replayed.outcomes[i]!);
        proposals.push(Object.keys(goal)[0]!);
        expect(goalHolds(goal, replayed.worlds[i + 1]!, s.action, replayed.outcomes[i]!), `${file} step ${i + 1}: ${JSON.stringify(goal)}`).toBe(true);
      });
    }
    // The vocabulary, not a fallback: a grant is a roleAssignment, a token request lastRequest, a call lastCall.
    for (const kind of ['systemAssigned', 'roleAssignment', 'lastRequest', 'lastCall']) expect(proposals).toContain(kind);
  });

  it('a grant proposes the matching roleAssignment; a deletion what it leaves behind', async () => {
    const rec = recordingOf('system-assigned-lifecycle.json');
    const replayed = await replayRecording(rec.start, rec.steps.map((s) => s.action));
    const goals = stepGoals(rec, replayed);
    expect(goals[1]!.goal).toEqual({ roleAssignment: { role: 'Key Vault Secrets User', scope: 'keyVault kv-demo-1', principal: 'web-1' } });
    expect(goals.at(-1)!.goal).toEqual({ all: [{ not: { exists: 'vm web-1' } }, { roleAssignment: { role: 'Key Vault Secrets User', orphaned: true } }] });
    expect(goals.some((g) => g.goal && 'lastRequest' in g.goal)).toBe(true);
  });

  for (const file of files) {
    it(`${file}: the draft passes the lesson loader, one step per recorded action`, async () => {
      const rec = recordingOf(file);
      const replayed = await replayRecording(rec.start, rec.steps.map((s) => s.action));
      const draft = lessonDraft(rec, replayed, describeSteps(rec, replayed));
      expect(draft.problems).toEqual([]);
      const loaded = loadLessons({ 'lessons/42-recorded/lesson.md': draft.text });
      expect(loaded.problems).toEqual([]);
      const lesson = loaded.lessons[0]!;
      expect(lesson.steps).toHaveLength(rec.steps.length);
      expect(lesson.steps.map((s) => s.solution)).toEqual(rec.steps.map((s) => [s.action]));
      expect(lesson.start.actions).toEqual(rec.start.actions);
    });
  }

  it('an edited goal is used when valid and reported when not', async () => {
    const rec = recordingOf('system-assigned-lifecycle.json');
    const replayed = await replayRecording(rec.start, rec.steps.map((s) => s.action));
    rec.steps[0] = { ...rec.steps[0]!, goal: 'principal: { name: web-1, type: systemAssigned }' };
    const loaded = loadLessons({ 'lessons/42-x/lesson.md': lessonDraft(rec, replayed, describeSteps(rec, replayed)).text });
    expect(loaded.lessons[0]!.steps[0]!.goal).toEqual({ principal: { name: 'web-1', type: 'systemAssigned' } });
    rec.steps[0] = { ...rec.steps[0]!, goal: 'lastCall: { status: "two hundred" }' };
    expect(lessonDraft(rec, replayed, describeSteps(rec, replayed)).problems).toEqual(['Step 1: the goal is not valid: goal.lastCall.status: expected a number']);
    expect(readGoal(goalYaml({ exists: 'vm web-1' }))).toEqual({ ok: true, goal: { exists: 'vm web-1' } });
  });

  it('notes and titles cannot break the lesson apart', async () => {
    const rec = recordingOf('system-assigned-lifecycle.json');
    const replayed = await replayRecording(rec.start, rec.steps.map((s) => s.action));
    rec.title = 'Demo: "quotes" # and --- lines';
    rec.summary = '## Not a step\n---\n```';
    rec.steps[0] = { ...rec.steps[0]!, title: '## Heading? ```', notes: '## Injected step\n```step\nid: evil\n```\n~~~\nunclosed fence' };
    const draft = lessonDraft(rec, replayed, describeSteps(rec, replayed));
    expect(draft.problems).toEqual([]);
    const lesson = loadLessons({ 'lessons/42-x/lesson.md': draft.text }).lessons[0]!;
    expect(lesson.title).toBe('Demo: "quotes" # and --- lines');
    expect(lesson.steps).toHaveLength(rec.steps.length);
    expect(lesson.steps.map((s) => s.id)).not.toContain('evil');
    expect(sectionMarkdown('## a\n```step\nx')).toBe('### a\n```text\nx\n```');
  });
});
