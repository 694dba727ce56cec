// Which id a token request named its identity by: the point of lesson 6's steps.
import { describe, expect, it } from 'vitest';
import { selectorOf } from '../../../src/lessons/goals.ts';

const imds = (q: string) => ({ type: 'token.request' as const, from: '/x', request: { method: 'GET', url: `http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://vault.azure.net${q}` } });

describe('selectorOf', () => {
  it('reads the IMDS and App Service query parameters', () => {
    expect(selectorOf(imds(''))).toBe('none');
    expect(selectorOf(imds('&client_id=abc'))).toBe('clientId');
    expect(selectorOf(imds('&object_id=abc'))).toBe('objectId');
    expect(selectorOf(imds('&msi_res_id=/subscriptions/x'))).toBe('resourceId');
    expect(selectorOf({ type: 'token.request', from: '/x', request: { method: 'GET', url: '$IDENTITY_ENDPOINT?resource=r&principal_id=p' } })).toBe('objectId');
    expect(selectorOf({ type: 'token.request', from: '/x', request: { method: 'GET', url: '$IDENTITY_ENDPOINT?resource=r&mi_res_id=/s' } })).toBe('resourceId');
  });

  it('reads the SDK options, and has nothing to say about other actions', () => {
    expect(selectorOf({ type: 'token.request', from: '/x', sdk: { scopes: ['s'], objectId: 'o' } })).toBe('objectId');
    expect(selectorOf({ type: 'token.request', from: '/x', sdk: { scopes: ['s'] } })).toBe('none');
    expect(selectorOf({ type: 'token.request', clientCredentials: { app: 'a', resource: 'r' } })).toBeUndefined();
    expect(selectorOf({ type: 'clock.advance', seconds: 60 })).toBeUndefined();
  });
});
