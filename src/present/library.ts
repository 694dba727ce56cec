// The demos shipped in the repo (demos/*.json), checked when the app loads them.
import { parseDemo, type Demo } from './demo.ts';

const files = import.meta.glob<unknown>('../../demos/*.json', { eager: true, import: 'default' });

export interface Library {
  demos: Demo[];
  problems: string[];
}

export function demoLibrary(): Library {
  const demos: Demo[] = [];
  const problems: string[] = [];
  for (const [path, data] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
    const parsed = parseDemo(data, path.replace(/^(\.\.\/)+/, ''));
    if (parsed.ok) demos.push(parsed.demo);
    else problems.push(parsed.problem);
  }
  return { demos, problems };
}
