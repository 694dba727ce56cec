// A demo file opened for the presenter: checked as the repo's demos are, kept in the browser by its id.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkDemoFile, keepDemoFile, keptDemoFile } from '../../../src/present/demo-file.ts';
import { MemoryStorage } from '../persist/fixtures.ts';

const text = readFileSync(new URL('../../../demos/user-assigned-shared.json', import.meta.url), 'utf8');

describe('an opened demo file', () => {
  it('is kept under its id and read back for the presenter and the speaker window', async () => {
    const storage = new MemoryStorage() as unknown as Storage;
    expect(keepDemoFile(storage, text, 'My demo.json')).toBe(true);
    const kept = await keptDemoFile(storage, 'My demo');
    expect(kept.ok && kept.demo.id).toBe('My demo');
    expect(await keptDemoFile(storage, 'another')).toEqual({ ok: false, message: 'The demo file “another.json” is not open in this browser: open it again.' });
  });

  it('is refused when a step does not apply, naming the step', async () => {
    const demo = JSON.parse(text) as { steps: { actions?: unknown[] }[] };
    demo.steps[1]!.actions = [{ type: 'resource.delete', id: '/resourceGroups/nowhere/providers/Microsoft.Compute/virtualMachines/none' }];
    const r = await checkDemoFile(JSON.stringify(demo), 'broken.json');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/^broken\.json: steps\.1\.actions\.0 \(resource\.delete\) is refused: /);
  });

  it('a newer version is refused as scenario files are', async () => {
    expect(await checkDemoFile(text.replace('"version": 1', '"version": 3'), 'new.json')).toEqual({ ok: false, message: 'new.json: version 3 is newer than this sandbox understands (1); update the sandbox to open it.' });
  });
});
