// Lessons compiled at build time: `virtual:lessons` lists them (titles, minutes, step counts) and gives a
// loader per lesson; `virtual:lessons/<id>` is one lesson as JSON, its own small chunk. The browser
// never parses YAML or Markdown, and a lesson with a mistake fails the build with the loader's message.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Plugin } from 'vite';
import { loadLessons, type Loaded } from './loader.ts';
import type { LessonSummary } from './types.ts';

const ID = 'virtual:lessons';
const RESOLVED = `\0${ID}`;

function readTree(root: string, dir: string, files: Record<string, string>): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) readTree(root, path, files);
    else files[relative(root, path).split(sep).join('/')] = readFileSync(path, 'utf8');
  }
}

export function lessonsPlugin(options: { root?: string } = {}): Plugin {
  let root = options.root ?? process.cwd();
  let cache: Loaded | null = null;
  const compile = (): Loaded => {
    if (cache) return cache;
    const files: Record<string, string> = {};
    readTree(root, join(root, 'lessons'), files);
    cache = loadLessons(files);
    if (cache.problems.length) {
      const problems = cache.problems;
      cache = null;
      throw new Error(`The lessons have ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.join('\n')}`);
    }
    return cache;
  };
  return {
    name: 'managed-identity-sandbox:lessons',
    configResolved(config) {
      root = options.root ?? config.root;
    },
    resolveId(id) {
      return id === ID || id.startsWith(`${ID}/`) ? `\0${id}` : null;
    },
    load(id) {
      if (!id.startsWith(RESOLVED)) return null;
      const { lessons } = compile();
      for (const l of lessons) this.addWatchFile(join(root, 'lessons', l.id, 'lesson.md'));
      if (id === RESOLVED) {
        const summaries: LessonSummary[] = lessons.map((l) => ({ id: l.id, number: l.number, title: l.title, summary: l.summary, minutes: l.minutes, steps: l.steps.length }));
        const loaders = lessons.map((l) => `  ${JSON.stringify(l.id)}: () => import(${JSON.stringify(`${ID}/${l.id}`)}),`).join('\n');
        return `export const lessons = ${JSON.stringify(summaries)};\nexport const loaders = {\n${loaders}\n};\n`;
      }
      const lesson = lessons.find((l) => `${RESOLVED}/${l.id}` === id);
      if (!lesson) throw new Error(`No lesson ${id.slice(RESOLVED.length + 1)}`);
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(lesson))});\n`;
    },
    watchChange(id) {
      if (id.split(sep).join('/').includes('/lessons/')) cache = null;
    },
  };
}
