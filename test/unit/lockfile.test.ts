// `npm install` must leave package-lock.json as it is: the lock's copy of package.json (its root entry)
// has to match package.json, or npm rewrites it on every install.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (f: string) => JSON.parse(readFileSync(new URL(`../../${f}`, import.meta.url), 'utf8'));

describe('package-lock.json', () => {
  it('records package.json as it is (name, version, dependencies, engines)', () => {
    const pkg = read('package.json');
    const root = read('package-lock.json').packages[''];
    expect(root.name).toBe(pkg.name);
    expect(root.version).toBe(pkg.version);
    expect(root.dependencies ?? {}).toEqual(pkg.dependencies ?? {});
    expect(root.devDependencies ?? {}).toEqual(pkg.devDependencies ?? {});
    expect(root.engines ?? {}).toEqual(pkg.engines ?? {});
  });
});
