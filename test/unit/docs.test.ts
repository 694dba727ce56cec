// Tests cite docs/azure-behaviour.md by section, misconception, source key and decision, e.g.
// "[§5 JS errors, misconception 10]" or "[Decisions; §1 Deleting things, I:aad-pod-identity#521]".
// These checks keep every such citation pointing at something that is there.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DOC = 'docs/azure-behaviour.md';
const doc = readFileSync(DOC, 'utf8');
const SECTION = '\u00a7'; // written as an escape so this file does not cite itself

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && keep(e.name))
    .map((e) => join(e.parentPath, e.name));
}

const testFiles = filesUnder('test', (n) => /\.(ts|js|json)$/.test(n)).filter((f) => !f.endsWith('docs.test.ts'));
const testText = testFiles.map((f) => [f, readFileSync(f, 'utf8')] as const);

/** Runs of adjacent bracketed citations that cite the doc, e.g. "[§1 UAMI, D10][D3]". */
const citations = testText.flatMap(([file, text]) =>
  [...text.matchAll(/(?:\[[^[\]\n]*\])+/g)].map((m) => ({ file, text: m[0] })).filter((c) => c.text.includes(SECTION) || c.text.includes('[Decisions')),
);

/** The part of the doc from a heading up to the next heading of the same or a higher level. */
function part(heading: RegExp): string {
  const start = doc.search(heading);
  expect(start, `${DOC} has a heading matching ${heading}`).toBeGreaterThanOrEqual(0);
  const level = /^#+/.exec(doc.slice(start))![0].length;
  const rest = doc.slice(doc.indexOf('\n', start) + 1);
  const end = rest.search(new RegExp(`^#{1,${level}} `, 'm'));
  return end < 0 ? rest : rest.slice(0, end);
}

const sectionHeadings = new Set([...doc.matchAll(new RegExp(`^## ${SECTION}(\\d+) `, 'gm'))].map((m) => m[1]));
const sources = part(/^## Sources$/m);
const sourceKeys = new Set([...sources.matchAll(/^- \[([DCP]\d+)\]/gm)].map((m) => m[1]));
const body = doc.slice(0, doc.search(/^## Sources$/m));

describe('docs/azure-behaviour.md and the citations in test/', () => {
  it('finds the citations it checks (the scan itself works)', () => {
    expect(citations.length).toBeGreaterThan(50);
    expect(sectionHeadings.size).toBeGreaterThanOrEqual(6);
    expect(sourceKeys.size).toBeGreaterThan(30);
  });

  it(`every ${SECTION}N cited under test/ is a section heading of the doc`, () => {
    const cited = testText.flatMap(([file, text]) => [...text.matchAll(new RegExp(`${SECTION}(\\d+)`, 'g'))].map((m) => ({ file, n: m[1]! })));
    expect(cited.length).toBeGreaterThan(50);
    const missing = cited.filter((c) => !sectionHeadings.has(c.n)).map((c) => `${c.file}: ${SECTION}${c.n}`);
    expect(missing).toEqual([]);
  });

  it('every misconception cited under test/ is numbered in the doc\'s list of misconceptions', () => {
    const list = part(/^### Misconceptions/m);
    const numbered = new Set([...list.matchAll(/^(\d+)\. \*\*/gm)].map((m) => m[1]));
    expect([...numbered]).toEqual(Array.from({ length: 12 }, (_, i) => String(i + 1)));
    const cited = citations.flatMap((c) => [...c.text.matchAll(/misconception (\d+)/g)].map((m) => ({ ...c, n: m[1]! })));
    expect(cited.length).toBeGreaterThan(5);
    expect(cited.filter((c) => !numbered.has(c.n)).map((c) => `${c.file}: ${c.text}`)).toEqual([]);
  });

  it('every source key cited under test/ or in the doc is defined in its source list, with a public address', () => {
    const inTests = citations.flatMap((c) => [...c.text.matchAll(/\b([DCP]\d{1,2})\b/g)].map((m) => ({ where: `${c.file}: ${c.text}`, key: m[1]! })));
    const inDoc = [...body.matchAll(/\[([DCP]\d+)\]/g)].map((m) => ({ where: DOC, key: m[1]! }));
    expect(inTests.length).toBeGreaterThan(30);
    expect([...inTests, ...inDoc].filter((c) => !sourceKeys.has(c.key)).map((c) => `${c.where}: ${c.key}`)).toEqual([]);
    // Documentation and code sources carry a learn.microsoft.com or GitHub address.
    for (const line of sources.split('\n').filter((l) => /^- \[[DC]\d+\]/.test(l))) {
      expect(line, line).toMatch(/https:\/\/(learn\.microsoft\.com|github\.com)\//);
    }
  });

  it('every issue or pull request cited under test/ as repo#N is linked in the doc', () => {
    const alias: Record<string, string> = { 'MSAL.NET': 'microsoft-authentication-library-for-dotnet' };
    const cited = citations.flatMap((c) => [...c.text.matchAll(/([A-Za-z][\w.-]*)#(\d+)/g)].map((m) => ({ ...c, repo: alias[m[1]!] ?? m[1]!, n: m[2]! })));
    expect(cited.length).toBeGreaterThan(5);
    const missing = cited.filter((c) => !new RegExp(`/${c.repo.replaceAll('.', '\\.')}/(issues|pull)/${c.n}\\b`).test(doc));
    expect(missing.map((c) => `${c.file}: ${c.text}`)).toEqual([]);
  });

  it('every decision cited under test/ as [Decisions: …] is named in the doc\'s decisions section', () => {
    const decisions = part(/^## Decisions where sources disagree or are silent$/m).toLowerCase();
    const cited = citations.flatMap((c) => [...c.text.matchAll(/\[Decisions: ([^;\]]+)/g)].map((m) => ({ ...c, label: m[1]!.trim() })));
    expect(cited.length).toBeGreaterThan(3);
    expect(cited.filter((c) => !decisions.includes(c.label.toLowerCase())).map((c) => `${c.file}: ${c.label}`)).toEqual([]);
  });

  it('nothing in the repository points at a fact sheet outside it', () => {
    const roots = ['README.md', 'docs', 'lessons', 'test', 'src', 'server', 'scripts', 'bench'];
    const files = roots.flatMap((r) => (r.endsWith('.md') ? [r] : filesUnder(r, (n) => /\.(ts|js|svelte|md|json|ya?ml)$/.test(n))));
    const outside = files.filter((f) => !f.endsWith('docs.test.ts') && readFileSync(f, 'utf8').includes('shared/reference'));
    expect(outside).toEqual([]);
  });
});
