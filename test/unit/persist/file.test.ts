// Scenario files: readable export, a file name to suggest, and imports whose problems name the file.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exportScenarioFile, importScenarioFile } from '../../../src/persist/file.ts';
import { currentScenario } from '../../../src/machine/sandbox.ts';
import { replay } from '../../../src/sim/index.ts';
import { HOSTILE, hostileScenario, typicalSandbox } from './fixtures.ts';

const day = new Date(2026, 10, 26, 23, 30); // local time, late in the evening

describe('scenario files', () => {
  it('export the scenario format, one action per line, and import it back to the same world', async () => {
    const c = await typicalSandbox();
    const scenario = currentScenario(c);
    const { text, fileName } = exportScenarioFile(scenario, day);
    expect(fileName).toBe('managed-identity-sandbox-shop-vm-reads-a-secret.json');
    expect(text.split('\n').slice(0, 6)).toEqual([
      '{',
      '  "format": "managed-identity-sandbox/scenario",',
      '  "version": 1,',
      '  "seed": "typical",',
      '  "title": "Shop: VM reads a secret",',
      '  "actions": [',
    ]);
    expect(text.split('\n')).toHaveLength(6 + scenario.actions.length + 3);
    const imported = importScenarioFile(text, fileName);
    expect(imported).toEqual({ ok: true, scenario });
    if (!imported.ok) return;
    expect(JSON.stringify((await replay(imported.scenario)).world)).toBe(JSON.stringify(c.world));
  });

  it('read like the files the CLI takes', () => {
    const fixture = readFileSync('test/fixtures/vm-keyvault.json', 'utf8');
    const imported = importScenarioFile(fixture, 'vm-keyvault.json');
    if (!imported.ok) throw new Error(imported.problem);
    expect(JSON.parse(exportScenarioFile(imported.scenario).text)).toEqual(JSON.parse(fixture));
  });

  it('keep hostile text as data, and out of the file name', () => {
    const { text, fileName } = exportScenarioFile(hostileScenario, day);
    expect(importScenarioFile(text, fileName)).toEqual({ ok: true, scenario: hostileScenario });
    expect(text).toContain(JSON.stringify(HOSTILE).slice(1, -1));
    expect(fileName).toMatch(/^managed-identity-sandbox-[\p{L}\p{N}-]+\.json$/u);
    expect(fileName).toBe('managed-identity-sandbox-quoted-single-tick-init-theme-dark-img-src-x-onerror-alert-1.json');
  });

  it('are named after the day when the title gives no name', () => {
    const base = { version: 1 as const, seed: 's', actions: [] };
    expect(exportScenarioFile(base, day).fileName).toBe('managed-identity-sandbox-2026-11-26.json');
    expect(exportScenarioFile({ ...base, title: '  --- !!! ' }, day).fileName).toBe('managed-identity-sandbox-2026-11-26.json');
    expect(exportScenarioFile({ ...base, title: 'Día 1: identidades' }, day).fileName).toBe('managed-identity-sandbox-día-1-identidades.json');
    expect(exportScenarioFile(base, day).text).toBe('{\n  "format": "managed-identity-sandbox/scenario",\n  "version": 1,\n  "seed": "s",\n  "actions": []\n}\n');
  });

  it('name the file and the problem when an import is refused', () => {
    expect(importScenarioFile('{ nope', 'class 3.json')).toMatchObject({ ok: false, problem: expect.stringMatching(/^class 3\.json: not a valid scenario: not valid JSON/) });
    expect(importScenarioFile('{"version":1,"seed":"s","actions":[{"type":"resource.create","kind":"spaceship","resourceGroup":"rg","name":"x"}]}', 'a.json')).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/^a\.json: not a valid scenario: actions\.0\.kind: .*spaceship/),
    });
    expect(importScenarioFile('{"version":2,"seed":"s","actions":[]}', 'b.json')).toMatchObject({ ok: false, problem: expect.stringMatching(/^b\.json: .*newer than this sandbox/) });
    expect(importScenarioFile('', 'empty.json')).toMatchObject({ ok: false, problem: expect.stringMatching(/^empty\.json: not a valid scenario: not valid JSON/) });
  });

  it('accept a byte order mark, as Windows editors write', () => {
    expect(importScenarioFile('\uFEFF{"version":1,"seed":"s","actions":[]}', 'bom.json')).toEqual({ ok: true, scenario: { version: 1, seed: 's', actions: [] } });
  });
});
