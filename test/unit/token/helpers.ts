// A world for token tests, driven through apply() (token actions are asynchronous), and an independent
// JWT verifier built on node:crypto alone, so that tokens are not checked only by the library that made them.
import { createPublicKey, verify } from 'node:crypto';
import { apply, createWorld, type Action, type Outcome, type World } from '../../../src/sim/index.ts';
import { jwksOf } from '../../../src/sim/token/authority.ts';

import { RG, id, principalAt, resourceAt } from '../helpers.ts';

export { RG };
export const ids = id;

export const IMDS = 'http://169.254.169.254/metadata/identity/oauth2/token';
export const imdsUrl = (query: string) => `${IMDS}?${query}`;

export class TokenSim {
  world: World;
  last!: Outcome;
  constructor(seed = 'token-test', start?: string) {
    this.world = createWorld({ seed, ...(start ? { start } : {}) });
  }
  /** Apply an action that must not be refused. */
  async do(action: Action): Promise<Outcome> {
    const step = await apply(this.world, action);
    if (!step.outcome.ok) throw new Error(`refused: ${JSON.stringify(step.outcome.error)} ${step.outcome.notes.join(' ')}`);
    this.world = step.world;
    this.last = step.outcome;
    return step.outcome;
  }
  /** Apply an action that may be refused. */
  async try(action: Action): Promise<Outcome> {
    const step = await apply(this.world, action);
    this.world = step.world;
    this.last = step.outcome;
    return step.outcome;
  }
  async rg() {
    return this.do({ type: 'resourceGroup.create', name: RG });
  }
  async create(kind: 'vm' | 'webApp' | 'functionApp' | 'containerApp' | 'logicApp' | 'keyVault' | 'storageAccount' | 'userAssignedIdentity', name: string, extra: Record<string, unknown> = {}) {
    return this.do({ type: 'resource.create', kind, resourceGroup: RG, name, ...extra } as Action);
  }
  /** GET from a resource with headers; `token.request` with a raw request. */
  async get(from: string | undefined, url: string, headers: Record<string, string> = {}) {
    return this.do({ type: 'token.request', ...(from ? { from } : {}), request: { method: 'GET', url, headers } });
  }
  async imds(from: string, query: string, headers: Record<string, string> = { Metadata: 'true' }) {
    return this.get(from, imdsUrl(query), headers);
  }
  async call(request: { method?: string; url: string; headers?: Record<string, string>; body?: string }, token?: string, from?: string) {
    return this.do({
      type: 'target.call',
      ...(from ? { from } : {}),
      request: { method: request.method ?? 'GET', url: request.url, headers: request.headers ?? {}, ...(request.body !== undefined ? { body: request.body } : {}) },
      ...(token ? { token } : {}),
    });
  }
  async grant(scope: string, role: string, assignee: string) {
    return this.do({ type: 'roleAssignment.create', scope, role, assignee });
  }
  async advance(seconds: number) {
    return this.do({ type: 'clock.advance', seconds });
  }
  res(ref: string) {
    return resourceAt(this.world, ref);
  }
  principal(ref: string): string {
    return principalAt(this.world, ref);
  }
  clientId(ref: string): string {
    return this.world.servicePrincipals[this.principal(ref)]!.appId;
  }
  /** The JWT of the last token request's answer. */
  get jwt(): string {
    const uti = this.last.token?.uti;
    if (!uti) throw new Error(`the last outcome has no token: ${this.last.summary}`);
    return this.world.tokens[uti]!.jwt;
  }
  body(): Record<string, unknown> {
    return JSON.parse(this.last.http!.response.body) as Record<string, unknown>;
  }
}

/** A world with a resource group, ready for tests. */
export async function sandbox(seed?: string): Promise<TokenSim> {
  const s = new TokenSim(seed);
  await s.rg();
  return s;
}

/** Decode a JWT's parts without any JWT library. */
export function decode(jwt: string): { header: Record<string, unknown>; payload: Record<string, unknown>; headerText: string; payloadText: string } {
  const [h, p] = jwt.split('.');
  const headerText = Buffer.from(h!, 'base64url').toString('utf8');
  const payloadText = Buffer.from(p!, 'base64url').toString('utf8');
  return { header: JSON.parse(headerText), payload: JSON.parse(payloadText), headerText, payloadText };
}

/**
 * Verify an RS256 JWT against a JWKS with node:crypto only: pick the key by kid, import the JWK with
 * createPublicKey, verify RSA-SHA256 over "header.payload".
 */
export function verifyIndependently(jwt: string, jwks: { keys: { kid: string; kty: string; n: string; e: string }[] }): boolean {
  const [h, p, sig] = jwt.split('.');
  const header = JSON.parse(Buffer.from(h!, 'base64url').toString('utf8')) as { alg: string; kid: string };
  if (header.alg !== 'RS256') return false;
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  if (!jwk) return false;
  const key = createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e }, format: 'jwk' });
  return verify('RSA-SHA256', Buffer.from(`${h}.${p}`), key, Buffer.from(sig!, 'base64url'));
}

export function tenantJwks(world: World) {
  return jwksOf(world);
}
