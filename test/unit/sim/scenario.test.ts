// Scenarios: validation with clear errors, deterministic replay, and the headless CLI.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWorld, parseScenario, parseScenarioText, replay } from '../../../src/sim/index.ts';

const fixture = 'test/fixtures/vm-keyvault.json';
// Node with tsx's loader directly (not `npx tsx`, which spawns twice); sized for a busy 2-core machine.
const tsx = (...args: string[]) => [process.execPath, ['--import', 'tsx', 'scripts/scenario.ts', ...args]] as const;
const SPAWN_TIMEOUT = 60_000;

describe('scenario files', () => {
  it('name the problem and where it is', () => {
    expect(parseScenarioText('{ nope')).toMatchObject({ ok: false, problem: expect.stringMatching(/^not valid JSON/) });
    expect(parseScenario({ version: 1, seed: 's', actions: [{ type: 'resource.create', kind: 'spaceship', resourceGroup: 'rg', name: 'x' }] })).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/^actions\.0\.kind: .*spaceship/),
    });
    expect(parseScenario({ version: 1, seed: 's', actions: [{ type: 'teleport' }] })).toMatchObject({ ok: false, problem: expect.stringMatching(/^actions\.0\.type/) });
    expect(parseScenario({ version: 1, seed: 's', actions: [{ type: 'clock.advance', seconds: -5 }] })).toMatchObject({ ok: false, problem: expect.stringMatching(/^actions\.0\.seconds/) });
    expect(parseScenario({ version: 1, seed: 's', actions: [], extra: true })).toMatchObject({ ok: false, problem: expect.stringMatching(/extra/) });
    expect(parseScenario({ version: 9, seed: 's', actions: [] })).toMatchObject({ ok: false, problem: expect.stringMatching(/newer than this sandbox/) });
    expect(parseScenario({ seed: 's', actions: [] })).toMatchObject({ ok: false, problem: expect.stringMatching(/^version/) });
  });

  it('the same seed and actions give the same world, byte for byte; another seed gives other ids', async () => {
    const parsed = parseScenarioText(readFileSync(fixture, 'utf8'));
    if (!parsed.ok) throw new Error(parsed.problem);
    const a = await replay(parsed.scenario);
    const b = await replay(parsed.scenario);
    expect(JSON.stringify(a.world)).toBe(JSON.stringify(b.world));
    const c = await replay({ ...parsed.scenario, seed: 'other' });
    expect(c.world.tenant.id).not.toBe(a.world.tenant.id);
    expect(createWorld({ seed: 'demo' }).tenant.id).toBe(a.world.tenant.id);
  });

  it('npm run scenario prints one JSON line per step', () => {
    const out = execFileSync(...tsx(fixture), { encoding: 'utf8' });
    const lines = out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(8);
    expect(lines[0]).toMatchObject({ step: 1, type: 'resourceGroup.create', ok: true });
    expect(lines[6]).toMatchObject({ step: 7, ok: false, error: { code: 'InvalidParameter' } });
    expect(lines[7].orphaned).toHaveLength(1);
  }, SPAWN_TIMEOUT);

  it('a bad file gets a clear error naming the problem, and a non-zero exit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scenario-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ version: 1, seed: 'x', actions: [{ type: 'resource.create', kind: 'vm', resourceGroup: 'rg' }] }));
    const run = spawnSync(...tsx(bad), { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/bad\.json: not a valid scenario: actions\.0\.name: Invalid key/);
    const missing = spawnSync(...tsx(join(dir, 'nope.json')), { encoding: 'utf8' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/cannot read the file \(ENOENT\)/);
  }, SPAWN_TIMEOUT);

  it('a UTF-8 file that starts with a byte order mark is read, as the app imports it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scenario-'));
    const bom = join(dir, 'bom.json');
    writeFileSync(bom, '\uFEFF' + readFileSync(fixture, 'utf8'));
    const run = spawnSync(...tsx(bom), { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(8);
  }, SPAWN_TIMEOUT);
});
