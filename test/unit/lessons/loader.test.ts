// A broken lesson fails with the file, the step and what is wrong, in the author's terms.
import { describe, expect, it } from 'vitest';
import { loadLessons } from '../../../src/lessons/loader.ts';

const START = `start:
  seed: t
  actions:
    - { type: resourceGroup.create, name: rg-demo }
    - { type: resource.create, kind: vm, resourceGroup: rg-demo, name: web-1 }`;

const STEP = `id: enable
goal:
  systemAssigned: vm web-1
hints:
  nudge: Look at the VM.
  concept: Identities are on the resource.
  action: Turn it on.
solution:
  - { type: identity.system.enable, resourceId: /resourceGroups/rg-demo/providers/Microsoft.Compute/virtualMachines/web-1 }`;

function lesson(front = `title: T\nsummary: S\nminutes: 5\n${START}`, steps = [`## Enable\n\nText.\n\n\`\`\`step\n${STEP}\n\`\`\``]) {
  return `---\n${front}\n---\n\nIntro.\n\n${steps.join('\n\n')}\n`;
}

const load = (files: Record<string, string>) => loadLessons(files);
const one = (text: string, folder = '03-grant-and-token') => load({ [`lessons/${folder}/lesson.md`]: text });

describe('loadLessons', () => {
  it('loads a valid lesson: text as a tree, actions parsed, start resolved', () => {
    const { lessons, problems } = one(lesson());
    expect(problems).toEqual([]);
    const [l] = lessons;
    expect(l).toMatchObject({ id: '03-grant-and-token', number: 3, title: 'T', minutes: 5 });
    expect(l!.intro).toEqual([{ t: 'p', c: ['Intro.'] }]);
    expect(l!.steps[0]).toMatchObject({ id: 'enable', title: 'Enable', goal: { systemAssigned: 'vm web-1' } });
    expect(l!.start.actions).toHaveLength(2);
  });

  it('names the file, the step and the field for a wrong goal value', () => {
    const bad = STEP.replace('goal:\n  systemAssigned: vm web-1', 'goal:\n  lastCall: { target: keyVault kv-1, status: "403" }');
    const { problems } = one(lesson(undefined, [`## Read\n\n\`\`\`step\n${bad.replace('id: enable', 'id: read-secret')}\n\`\`\``]));
    expect(problems).toEqual(["lessons/03-grant-and-token/lesson.md, step 'read-secret': goal.lastCall.status: expected a number"]);
  });

  it('reports unknown goals, bad refs and empty combinators', () => {
    const goals = ['goal:\n  hasIdentity: vm web-1', 'goal:\n  systemAssigned: computer web-1', 'goal:\n  all: []', 'goal:\n  exists: vm web-1\n  systemAssigned: vm web-1'];
    const messages = goals.map((g) => one(lesson(undefined, [`## S\n\n\`\`\`step\n${STEP.replace('goal:\n  systemAssigned: vm web-1', g)}\n\`\`\``])).problems[0]);
    expect(messages[0]).toMatch(/step 'enable': goal: unknown goal 'hasIdentity'; expected one of all, any, not, exists/);
    expect(messages[1]).toMatch(/step 'enable': goal\.systemAssigned: "computer web-1" does not start with a known kind/);
    expect(messages[2]).toMatch(/step 'enable': goal\.all: expected a list of goals/);
    expect(messages[3]).toMatch(/step 'enable': goal: expected exactly one of .* found exists, systemAssigned/);
  });

  it('checks reference solutions against the action schemas', () => {
    const bad = STEP.replace('type: identity.system.enable, resourceId', 'type: identity.system.enable, resource');
    const { problems } = one(lesson(undefined, [`## S\n\n\`\`\`step\n${bad}\n\`\`\``]));
    expect(problems[0]).toMatch(/^lessons\/03-grant-and-token\/lesson\.md, step 'enable': solution\.0\./);
    const unknown = STEP.replace('type: identity.system.enable', 'type: identity.turnOn');
    expect(one(lesson(undefined, [`## S\n\n\`\`\`step\n${unknown}\n\`\`\``])).problems[0]).toMatch(/step 'enable': solution\.0\.type: /);
  });

  it('wants exactly one right answer to a predict question', () => {
    const predict = `\npredict:\n  question: Q?\n  choices:\n    - { text: A, correct: true }\n    - { text: B, correct: true }\n  explanation: E.`;
    const { problems } = one(lesson(undefined, [`## S\n\n\`\`\`step\n${STEP}${predict}\n\`\`\``]));
    expect(problems).toEqual(["lessons/03-grant-and-token/lesson.md, step 'enable': predict.choices: exactly one choice must have correct: true"]);
  });

  it('wants the three graded hints', () => {
    const { problems } = one(lesson(undefined, [`## S\n\n\`\`\`step\n${STEP.replace('  concept: Identities are on the resource.\n', '')}\n\`\`\``]));
    expect(problems[0]).toMatch(/step 'enable': hints\.concept: /);
  });

  it('reports frontmatter problems', () => {
    expect(one(lesson(`title: T\nsummary: S\nminutes: ten\n${START}`)).problems).toEqual(['lessons/03-grant-and-token/lesson.md: frontmatter.minutes: expected a number']);
    expect(one('# no frontmatter').problems).toEqual(['lessons/03-grant-and-token/lesson.md: the file must start with YAML frontmatter between two --- lines']);
    expect(one(lesson(`title: T\nsummary: S\nminutes: 5\nstart: start.json`)).problems).toEqual([
      'lessons/03-grant-and-token/lesson.md: frontmatter.start: there is no file lessons/03-grant-and-token/start.json',
    ]);
  });

  it('reports YAML syntax errors with the line in the file', () => {
    const { problems } = one(lesson(undefined, [`## S\n\n\`\`\`step\n${STEP.replace('nudge: Look at the VM.', 'nudge: Look: at the VM: now')}\n\`\`\``]));
    expect(problems[0]).toMatch(/^lessons\/03-grant-and-token\/lesson\.md, step 'S': not valid YAML \(line 21\): /);
  });

  it('reports steps without a step block, duplicate ids and bad folder names', () => {
    expect(one(lesson(undefined, ['## Just text\n\nNo block.'])).problems).toEqual([
      "lessons/03-grant-and-token/lesson.md, step 'Just text': expected exactly one ```step block in the section (line 14), found 0",
    ]);
    const twice = `## A\n\n\`\`\`step\n${STEP}\n\`\`\``;
    expect(one(lesson(undefined, [twice, twice])).problems).toEqual(["lessons/03-grant-and-token/lesson.md, step 'enable': the id 'enable' is used by an earlier step"]);
    expect(one(lesson(), 'grant').problems[0]).toMatch(/^lessons\/grant\/lesson\.md: the folder name must be/);
  });

  it('validates the start scenario, and continues from the previous lesson', () => {
    const badStart = lesson(`title: T\nsummary: S\nminutes: 5\nstart:\n  seed: t\n  actions:\n    - { type: resource.create, kind: laptop, resourceGroup: rg, name: x }`);
    expect(one(badStart).problems[0]).toMatch(/^lessons\/03-grant-and-token\/lesson\.md: frontmatter\.start\.actions\.0\.kind: /);
    const next = lesson(`title: U\nsummary: S\nminutes: 5\nstart: previous`, [`## Off\n\n\`\`\`step\n${STEP.replace('id: enable', 'id: off').replace('systemAssigned: vm web-1', 'not: { systemAssigned: vm web-1 }').replace('identity.system.enable', 'identity.system.disable')}\n\`\`\``]);
    const { lessons, problems } = load({ 'lessons/01-a/lesson.md': lesson(), 'lessons/02-b/lesson.md': next });
    expect(problems).toEqual([]);
    expect(lessons[1]!.start.actions.map((a) => a.type)).toEqual(['resourceGroup.create', 'resource.create', 'identity.system.enable']);
    expect(one(lesson(`title: T\nsummary: S\nminutes: 5\nstart: previous`), '01-first').problems).toEqual(['lessons/01-first/lesson.md: frontmatter.start: "previous" needs a lesson before this one']);
  });

  it('keeps raw HTML and script links as text', () => {
    const { lessons } = one(lesson(undefined, [`## S\n\n<img src=x onerror=alert(1)> and [x](javascript:alert(1)) and [docs](https://learn.microsoft.com)\n\n\`\`\`step\n${STEP}\n\`\`\``]));
    const body = JSON.stringify(lessons[0]!.steps[0]!.body);
    expect(body).toContain('<img src=x onerror=alert(1)>');
    expect(body).toContain('[x](javascript:alert(1))');
    expect(body).toContain('{"t":"link","href":"https://learn.microsoft.com","c":["docs"]}');
  });
});

describe('a challenge block', () => {
  const step = `## Enable\n\nText.\n\n\`\`\`step\n${STEP}\n\`\`\``;
  const challenge = (yaml: string) => `## Challenge: Another VM\n\nGive \`web-2\` an identity.\n\n\`\`\`challenge\n${yaml}\n\`\`\``;
  const GOOD = `id: another\nsetup:\n  - { type: resource.create, kind: vm, resourceGroup: rg-demo, name: web-2 }\ngoal:\n  systemAssigned: vm web-2\nsolution:\n  - { type: identity.system.enable, resourceId: /resourceGroups/rg-demo/providers/Microsoft.Compute/virtualMachines/web-2 }`;

  it('is optional, and when last it becomes the lesson’s challenge with its task text', () => {
    expect(one(lesson()).lessons[0]!.challenge).toBeUndefined();
    const { lessons, problems } = one(lesson(undefined, [step, challenge(GOOD)]));
    expect(problems).toEqual([]);
    expect(lessons[0]!.steps).toHaveLength(1);
    expect(lessons[0]!.challenge).toMatchObject({ id: 'another', title: 'Challenge: Another VM', goal: { systemAssigned: 'vm web-2' }, setup: [{ type: 'resource.create' }] });
    expect(lessons[0]!.challenge!.task).toEqual([{ t: 'p', c: ['Give ', { t: 'code', text: 'web-2' }, ' an identity.'] }]);
  });

  it('is graded by the world: a check on the last action is refused, and so is a challenge before a step', () => {
    const last = GOOD.replace('goal:\n  systemAssigned: vm web-2', 'goal:\n  all:\n    - systemAssigned: vm web-2\n    - lastCall: { status: 200 }');
    expect(one(lesson(undefined, [step, challenge(last)])).problems).toEqual([
      "lessons/03-grant-and-token/lesson.md, challenge 'Challenge: Another VM': goal.all.1.lastCall: a challenge is graded by the world, so it cannot check the last action; use canRead, token, roleAssignment and the like",
    ]);
    expect(one(lesson(undefined, [challenge(GOOD), step])).problems).toEqual([
      "lessons/03-grant-and-token/lesson.md, challenge 'Challenge: Another VM': the challenge must be the last section, alone with its ```challenge block",
    ]);
  });
});
