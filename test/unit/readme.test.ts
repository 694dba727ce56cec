// The README's headless example must keep working as written.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';

it('the headless API example in the README runs and prints what it promises', () => {
  const readme = readFileSync('README.md', 'utf8');
  const code = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!).find((block) => block.includes('createWorld('));
  expect(code).toBeTruthy();
  const dir = mkdtempSync(join(resolve('node_modules'), '.readme-'));
  const file = join(dir, 'example.mts');
  writeFileSync(file, code!.replaceAll("'./src/", `'${resolve('src')}/`));
  let out: string[];
  try {
    out = execFileSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8' }).trim().split('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  expect(out[0]).toBe("Created resource group 'rg-demo'.");
  expect(out.at(-2)).toMatch(/^Deleted virtual machine 'web-1'\. Entra ID deleted 1 service principal with it\. 1 role assignment now shows "Identity not found"\.$/);
  expect(out.at(-1)).toBe('true');
}, 60_000); // spawns Node with tsx: sized for a busy 2-core machine
