// Read lesson files into lessons. Pure: it is handed the files (path -> text), so the build plugin, the
// tests and a future authoring tool share it. Every problem names the file, the step and what is wrong.
//
// lessons/NN-slug/lesson.md:
//   ---                          YAML frontmatter: title, summary, minutes, start, recap
//   ---
//   Intro (Markdown)
//   ## Step title                one section per step
//   Step text (Markdown)
//   ```step                      YAML: id, goal, hints, solution, predict
//   ```
//   ## Challenge: title          optional, last: a section whose block is ```challenge
//   Task (Markdown)
//   ```challenge                 YAML: id, setup, goal, solution
//   ```
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { parseScenarioText, type Scenario } from '../sim/index.ts';
import { endOf } from './end.ts';
import { toMd } from './markdown.ts';
import type { Md } from './md.ts';
import { checkChallenge, checkFrontmatter, checkInlineScenario, checkStep } from './schema.ts';
import type { Challenge, Lesson, LessonStep } from './types.ts';

export const LESSON_FILE = 'lesson.md';
const FOLDER = /^(\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface Loaded {
  lessons: Lesson[];
  /** Every problem found, each "lessons/03-x/lesson.md, step 'read-secret': goal.lastCall.status: expected a number". */
  problems: string[];
}

/** Load every lessons/<folder>/lesson.md among the files, in folder order. */
export function loadLessons(files: Record<string, string>, root = 'lessons'): Loaded {
  const problems: string[] = [];
  const folders = new Set<string>();
  for (const path of Object.keys(files)) {
    const m = new RegExp(`^${root}/([^/]+)/${LESSON_FILE}$`).exec(path);
    if (m) folders.add(m[1]!);
  }
  const ordered = [...folders].sort();
  const numbers = new Map<number, string>();
  const lessons: Lesson[] = [];
  let previous: Lesson | null | undefined; // undefined: none yet; null: the previous one failed
  for (const folder of ordered) {
    const file = `${root}/${folder}/${LESSON_FILE}`;
    const fm = FOLDER.exec(folder);
    if (!fm) {
      problems.push(`${file}: the folder name must be a two-digit number, a hyphen and a lowercase slug, like 03-grant-and-token`);
      previous = null;
      continue;
    }
    const number = Number(fm[1]);
    if (numbers.has(number)) problems.push(`${file}: the number ${fm[1]} is also used by ${root}/${numbers.get(number)}`);
    numbers.set(number, folder);
    const result = loadLesson(folder, number, files, root, previous);
    problems.push(...result.problems.map((p) => `${file}${p.startsWith(',') ? '' : ': '}${p}`));
    previous = result.lesson;
    if (result.lesson) lessons.push(result.lesson);
  }
  return { lessons, problems };
}

interface One {
  lesson: Lesson | null;
  /** Relative to the file: ", step 'x': goal...: ..." or "frontmatter.minutes: ...". */
  problems: string[];
}

function loadLesson(folder: string, number: number, files: Record<string, string>, root: string, previous: Lesson | null | undefined): One {
  const text = (files[`${root}/${folder}/${LESSON_FILE}`] ?? '').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const problems: string[] = [];
  const head = /^---\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(text);
  if (!head) return { lesson: null, problems: ['the file must start with YAML frontmatter between two --- lines'] };
  const headLines = head[0].split('\n').length - 1;
  const yaml = readYaml(head[1]!, 2);
  if (!yaml.ok) return { lesson: null, problems: [`frontmatter: ${yaml.problem}`] };
  const front = checkFrontmatter(yaml.value);
  if (!front.ok) return { lesson: null, problems: front.problems };

  const { intro, sections } = splitSections(text.slice(head[0].length), headLines + 1);
  const steps: LessonStep[] = [];
  const ids = new Set<string>();
  let challenge: Challenge | undefined;
  const last = sections[sections.length - 1];
  if (last?.blocks.length === 1 && last.blocks[0]!.kind === 'challenge') {
    sections.pop();
    const block = last.blocks[0]!;
    const data = readYaml(block.text, block.line);
    const checked = data.ok ? checkChallenge(data.value) : ({ ok: false, problems: [data.problem] } as const);
    if (checked.ok) challenge = { ...checked.value, title: last.title, task: toMd(last.body) };
    else problems.push(...checked.problems.map((p) => `, challenge '${last.title}': ${p}`));
  }
  if (sections.length === 0) problems.push('the lesson has no steps: add a "## Step title" section with a ```step block');
  for (const section of sections) {
    const where = (id?: string) => `, step '${id ?? section.title}'`;
    if (section.blocks.some((b) => b.kind === 'challenge')) {
      problems.push(`, challenge '${section.title}': the challenge must be the last section, alone with its \`\`\`challenge block`);
      continue;
    }
    if (section.blocks.length !== 1) {
      problems.push(`${where()}: expected exactly one \`\`\`step block in the section (line ${section.line}), found ${section.blocks.length}`);
      continue;
    }
    const block = section.blocks[0]!;
    const data = readYaml(block.text, block.line);
    if (!data.ok) {
      problems.push(`${where()}: ${data.problem}`);
      continue;
    }
    const id = typeof (data.value as { id?: unknown })?.id === 'string' ? (data.value as { id: string }).id : undefined;
    const step = checkStep(data.value);
    if (!step.ok) {
      problems.push(...step.problems.map((p) => `${where(id)}: ${p}`));
      continue;
    }
    if (ids.has(step.value.id)) problems.push(`${where(id)}: the id '${step.value.id}' is used by an earlier step`);
    ids.add(step.value.id);
    const { predict } = step.value;
    steps.push({
      id: step.value.id,
      title: section.title,
      body: toMd(section.body),
      goal: step.value.goal,
      hints: { nudge: toMd(step.value.hints.nudge), concept: toMd(step.value.hints.concept), action: toMd(step.value.hints.action) },
      solution: step.value.solution,
      ...(predict
        ? { predict: { question: toMd(predict.question), choices: predict.choices.map((c) => ({ text: toMd(c.text), correct: c.correct === true })), explanation: toMd(predict.explanation) } }
        : {}),
    });
  }

  const start = resolveStart(front.value.start, folder, files, root, previous);
  if (!start.ok) problems.push(start.problem);
  if (problems.length || !start.ok) return { lesson: null, problems };
  const { title, summary, minutes, recap = [] } = front.value;
  return {
    lesson: { id: folder, number, title, summary, minutes, intro: toMd(intro), recap: recap.map((r): Md => toMd(r)), start: start.scenario, steps, ...(challenge ? { challenge } : {}) },
    problems,
  };
}

type Start = { ok: true; scenario: Scenario } | { ok: false; problem: string };

function resolveStart(start: string | { seed: string; actions: unknown[] }, folder: string, files: Record<string, string>, root: string, previous: Lesson | null | undefined): Start {
  if (start === 'previous') {
    if (previous === undefined) return { ok: false, problem: 'frontmatter.start: "previous" needs a lesson before this one' };
    if (previous === null) return { ok: false, problem: 'frontmatter.start: "previous" cannot be resolved because the previous lesson has problems' };
    return { ok: true, scenario: endOf(previous) };
  }
  if (typeof start === 'string') {
    const path = `${root}/${folder}/${start}`;
    const text = files[path];
    if (text === undefined) return { ok: false, problem: `frontmatter.start: there is no file ${path}` };
    const parsed = parseScenarioText(text);
    return parsed.ok ? { ok: true, scenario: parsed.scenario } : { ok: false, problem: `frontmatter.start: ${path}: ${parsed.problem}` };
  }
  const checked = checkInlineScenario(start);
  return checked.ok ? { ok: true, scenario: checked.value } : { ok: false, problem: checked.problems.join('; ') };
}

type Yaml = { ok: true; value: unknown } | { ok: false; problem: string };

function readYaml(text: string, firstLine: number): Yaml {
  try {
    return { ok: true, value: parseYaml(text) };
  } catch (e) {
    if (e instanceof YAMLParseError) {
      const line = e.linePos?.[0]?.line;
      const message = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      return { ok: false, problem: `not valid YAML${line ? ` (line ${firstLine + line - 1})` : ''}: ${message}` };
    }
    return { ok: false, problem: `not valid YAML: ${(e as Error).message}` };
  }
}

interface Section {
  title: string;
  line: number;
  body: string;
  blocks: { kind: BlockKind; text: string; line: number }[];
}

/** The fenced blocks a section's data lives in. */
type BlockKind = 'step' | 'challenge';
const BLOCK_KINDS: readonly string[] = ['step', 'challenge'] satisfies BlockKind[];

/** Split the body at "## " headings (outside code fences) and lift each section's ```step and ```challenge blocks out of its text. */
function splitSections(body: string, firstLine: number): { intro: string; sections: Section[] } {
  const intro: string[] = [];
  const sections: (Section & { lines: string[] })[] = [];
  const text = () => sections[sections.length - 1]?.lines ?? intro;
  let fence: { marker: string; kind: BlockKind | null; start: number; lines: string[] } | null = null;
  const close = (f: NonNullable<typeof fence>, closing?: string) => {
    const current = sections[sections.length - 1];
    if (f.kind && current) current.blocks.push({ kind: f.kind, text: f.lines.join('\n'), line: f.start + 1 });
    else text().push(...f.lines, ...(closing === undefined ? [] : [closing]));
  };
  const lines = body.split('\n');
  for (const [i, line] of lines.entries()) {
    if (fence) {
      if (line.trim().startsWith(fence.marker) && line.trim().replace(/[`~]/g, '') === '') {
        close(fence, line);
        fence = null;
      } else fence.lines.push(line);
      continue;
    }
    const open = /^\s{0,3}(`{3,}|~{3,})\s*([\w-]*)\s*$/.exec(line);
    if (open) {
      const kind = BLOCK_KINDS.includes(open[2]!) ? (open[2] as BlockKind) : null;
      fence = { marker: open[1]!, kind, start: firstLine + i, lines: [] };
      if (!kind) text().push(line);
      continue;
    }
    const heading = /^##\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading) sections.push({ title: heading[1]!, line: firstLine + i, body: '', blocks: [], lines: [] });
    else text().push(line);
  }
  if (fence) close(fence);
  return { intro: intro.join('\n').trim(), sections: sections.map(({ lines: l, ...s }) => ({ ...s, body: l.join('\n').trim() })) };
}
