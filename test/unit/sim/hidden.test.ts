// Bidi controls and invisible characters in learner text: flagged in names Azure refuses, isolated in
// Azure's sentences, and shown as visible markers on screen.
import { describe, expect, it } from 'vitest';
import { apply, createWorld, hasHidden, revealHidden } from '../../../src/sim/index.ts';

const RLO = '\u202E';

describe('hidden characters', () => {
  it('are shown by code point, so an unclosed override cannot reverse what follows', () => {
    expect(revealHidden(`rg-${RLO}evil.exe`)).toBe('rg-⟨U+202E⟩evil.exe');
    expect(revealHidden('zero\u200Bwidth\uFEFF')).toBe('zero⟨U+200B⟩width⟨U+FEFF⟩');
    expect(revealHidden('plain-name')).toBe('plain-name');
    expect(revealHidden('שלום עולם')).toBe('שלום עולם'); // right-to-left letters are text, not controls
  });

  it("a resource group name with a right-to-left override is refused in Azure's words, isolated, and flagged", async () => {
    const step = await apply(createWorld(), { type: 'resourceGroup.create', name: `rg-${RLO}gpj.exe` });
    expect(step.outcome.ok).toBe(false);
    expect(step.outcome.error?.code).toBe('InvalidResourceGroup');
    const message = step.outcome.error!.message;
    // The name sits between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE: the override ends with it.
    expect(message).toContain(`'\u2068rg-${RLO}gpj.exe\u2069'`);
    expect(revealHidden(message)).toBe(
      "The provided resource group name '\u2068rg-⟨U+202E⟩gpj.exe\u2069' has these invalid characters: '⟨U+202E⟩'. The name can only be a letter, digit, '-', '.', '(', ')' or '_'.",
    );
    expect(step.outcome.notes.join(' ')).toContain('(U+202E): it does not read as it looks');
  });

  it('a zero-width space in a VM name is flagged too', async () => {
    const world = (await apply(createWorld(), { type: 'resourceGroup.create', name: 'rg' })).world;
    const step = await apply(world, { type: 'resource.create', kind: 'vm', resourceGroup: 'rg', name: 'web\u200B1' });
    expect(step.outcome.error?.code).toBe('InvalidParameter');
    expect(step.outcome.notes.join(' ')).toContain('U+200B');
    expect(hasHidden('web\u200B1')).toBe(true);
  });
});

describe('the timeline line for an action', () => {
  it('shows a right-to-left override in a blob name as a marker', async () => {
    const { describeAction } = await import('../../../src/sim/describe.ts');
    const line = describeAction(createWorld(), { type: 'storage.blob.upload', accountId: '/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa1', container: 'files', name: `report${RLO}fdp.exe`, content: 'x' });
    expect(line).toBe('Upload report⟨U+202E⟩fdp.exe to sa1/files');
  });
});
