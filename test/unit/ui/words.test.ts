// What a learner reads when the sandbox refuses, and what a claim means on an app's token.
import { describe, expect, it } from 'vitest';
import { explainClaim } from '../../../src/ui/tokens/claims.ts';
import { learnerWords, refusalTitle } from '../../../src/ui/tokens/words.ts';

describe('the sandbox’s refusals in the UI’s words', () => {
  it('never shows an action name, a field name or InvalidAction', () => {
    for (const m of [
      'No token has been issued yet: send a token.request first.',
      'Managed identity authentication on an HTTP action belongs to logic apps: name the logic app in `from`.',
      'That is a token endpoint: use token.request to ask it for a token.',
      'Give either `token` or `authentication`, not both.',
      'A token request needs exactly one of `request`, `sdk` or `clientCredentials`.',
    ]) {
      const words = learnerWords(m);
      expect(words, m).not.toMatch(/token\.request|target\.call|`from`|`token`|`sdk`/);
    }
    expect(learnerWords('No token has been issued yet: send a token.request first.')).toBe('No token has been issued yet: ask for one on a Get a token tab first.');
    expect(refusalTitle('InvalidAction')).toBe('The sandbox could not send this');
    expect(refusalTitle('NotATokenEndpoint')).toContain('NotATokenEndpoint');
  });
});

describe('claims explained for the kind of token', () => {
  it('an app’s client-secret token is not explained as a managed identity’s', () => {
    const app = { appidacr: '1', appid: 'x' };
    const mi = { appidacr: '2', xms_mirid: '/subscriptions/x' };
    expect(explainClaim('exp', app)).not.toMatch(/Managed identity/);
    expect(explainClaim('appid', app)).toMatch(/app registration/);
    expect(explainClaim('exp', mi)).toMatch(/24 h 5 min/);
    expect(explainClaim('appid', mi)).toMatch(/managed identity/);
  });
});
