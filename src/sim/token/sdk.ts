// The Azure SDK's view of a managed identity token request: what `ManagedIdentityCredential` (JavaScript,
// @azure/identity 4.x, which hands the request to MSAL Node) sends for the resource it runs on, how often
// it tries, and the error `getToken` throws for each failure. Checked against the real package by
// test/unit/server/sdk.test.ts, which runs it against the local endpoint.
import { KINDS } from '../arm.ts';
import { nextGuid } from '../ids.ts';
import type { HttpExchange, HttpRequest } from '../http.ts';
import type { SdkView } from '../outcome.ts';
import type { SourceResource, World } from '../world.ts';
import type { TokenRequestAction } from './actions.ts';
import { environmentOf, IMDS_TOKEN_URL } from './environment.ts';

/** The release whose words, requests and retries the SDK view follows (and the MSAL Node it uses). */
export const SDK_VERSION = { identity: '4.14.1', msalNode: '7.2.3' } as const;
export const SDK_LABEL = `@azure/identity ${SDK_VERSION.identity}`;

type Options = NonNullable<TokenRequestAction['sdk']>;
const NAME = 'ManagedIdentityCredential';

/** `/.default` stripped from the single scope; null when there is not exactly one scope. */
export function scopeToResource(scopes: string[]): string | null {
  if (scopes.length !== 1) return null;
  const s = scopes[0]!;
  return s.endsWith('/.default') ? s.slice(0, -'/.default'.length) : s;
}

/** Which source the SDK detects on the resource: App Service's variables when set, else IMDS. */
export function sdkSource(world: World, r: SourceResource): 'appService' | 'imds' {
  return environmentOf(world, r.id).IDENTITY_ENDPOINT ? 'appService' : 'imds';
}

export function snippet(o: Options, resolved: { clientId?: string; resourceId?: string; objectId?: string }): string {
  const opts = (['clientId', 'resourceId', 'objectId'] as const).filter((k) => resolved[k] !== undefined).map((k) => `${k}: ${JSON.stringify(resolved[k])}`);
  const scopes = o.scopes.length === 1 ? JSON.stringify(o.scopes[0]) : JSON.stringify(o.scopes);
  return [
    'import { ManagedIdentityCredential } from "@azure/identity";',
    '',
    `const credential = new ManagedIdentityCredential(${opts.length ? `{ ${opts.join(', ')} }` : ''});`,
    `const { token, expiresOnTimestamp } = await credential.getToken(${scopes});`,
  ].join('\n');
}

/**
 * The x-ms-client-request-id of the SDK's request (MSAL sets one on IMDS requests, the pipeline on the
 * rest): random in the SDK, derived here from the world without moving its id sequence, so the answer is
 * the same, byte for byte, as for the same request sent by hand.
 */
function requestIdFor(world: World): string {
  return nextGuid((world.rng ^ 0x2545f491) >>> 0)[0];
}

/**
 * The request the SDK sends, or the error it throws before sending anything (several scopes). Values
 * are already resolved (client ids, full resource ids). The User-Agent
 * (`azsdk-js-identity/4.14.1 core-rest-pipeline/... Node/...`) is left out: it names the machine.
 */
export function sdkRequest(world: World, r: SourceResource | undefined, resolved: { clientId?: string; resourceId?: string; objectId?: string }, scopes: string[]): HttpRequest | { error: NonNullable<SdkView['error']> } {
  // Off Azure (a laptop) no IDENTITY_ENDPOINT is set, so the SDK tries IMDS, which nothing answers there.
  const source = r ? sdkSource(world, r) : 'imds';
  const resource = scopeToResource(scopes);
  if (resource === null) {
    return { error: { name: 'CredentialUnavailableError', message: `${NAME}: Multiple scopes are not supported. Scopes: ${JSON.stringify(scopes)}` } };
  }
  const q = new URLSearchParams();
  q.set('api-version', source === 'imds' ? '2018-02-01' : '2019-08-01');
  q.set('resource', resource);
  // MSAL names the identity with one parameter; only the resource id's differs between the endpoints.
  if (resolved.clientId) q.set('client_id', resolved.clientId);
  if (resolved.resourceId) q.set(source === 'imds' ? 'msi_res_id' : 'mi_res_id', resolved.resourceId);
  if (resolved.objectId) q.set('object_id', resolved.objectId);
  const form = { 'Content-Type': 'application/x-www-form-urlencoded;charset=utf-8' };
  if (source === 'imds') {
    return {
      method: 'GET',
      url: `${IMDS_TOKEN_URL}?${q}`,
      headers: { Metadata: 'true', 'x-client-SKU': 'msal.js.node', 'x-client-VER': SDK_VERSION.msalNode, 'x-ms-client-request-id': requestIdFor(world), ...form },
    };
  }
  const env = environmentOf(world, r!.id);
  return { method: 'GET', url: `${env.IDENTITY_ENDPOINT}?${q}`, headers: { 'X-IDENTITY-HEADER': env.IDENTITY_HEADER!, ...form, 'x-ms-client-request-id': requestIdFor(world) } };
}

/** How many times the SDK sends a request that gets this answer (its retry policies, default options). */
export function sdkAttempts(exchange: HttpExchange): number {
  const status = exchange.response.status;
  if (exchange.networkError !== undefined) return 4; // ECONNREFUSED, ECONNRESET, ETIMEDOUT...: 3 retries
  if (status === 404 || status === 410) return 6; // the IMDS retry policy: 5 retries
  if ((status >= 500 && status !== 501 && status !== 505) || status === 408) return 4;
  // 429 and 503 are retried only when they say when (Retry-After).
  if (status === 429 && Object.keys(exchange.response.headers).some((h) => h.toLowerCase() === 'retry-after')) return 4;
  return 1;
}

/**
 * The error `getToken` throws for a response, as @azure/identity 4.x words it (MSAL's ServerError text
 * inside "Authentication failed"); undefined on success.
 */
export function sdkError(exchange: HttpExchange): SdkView['error'] {
  const res = exchange.response;
  if (exchange.networkError !== undefined) {
    return { name: 'CredentialUnavailableError', message: `${NAME}: Network unreachable. Message: network_error: See https://aka.ms/msal.js.errors#network_error for details` };
  }
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(res.body);
    if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
  } catch {
    /* not JSON */
  }
  // MSAL reads IMDS bodies (error, error_description), App Service bodies (message, correlationId) and
  // Entra's (error_codes, timestamp, trace_id, correlation_id).
  const nested = typeof body.error === 'object' && body.error !== null ? (body.error as Record<string, unknown>) : undefined;
  const str = (x: unknown) => (typeof x === 'string' || typeof x === 'number' ? String(x) : Array.isArray(x) ? x.join(',') : '');
  const error = typeof body.error === 'string' ? body.error : str(nested?.code);
  const description = str(body.message) || (typeof body.error === 'string' ? str(body.error_description) : str(nested?.message));
  if (!error && !description) {
    if (res.status === 200 && typeof body.access_token === 'string') return undefined;
    return { name: 'AuthenticationRequiredError', message: typeof body.access_token === 'string' ? 'Response had no "expiresOn" property.' : 'Response had no "accessToken" property.' };
  }
  const na = (x: unknown) => str(x) || 'Not Available';
  const details = `Error(s): ${na(body.error_codes)} - Timestamp: ${na(body.timestamp)} - Description: ${description || 'Not Available'} - Correlation ID: ${na(body.correlation_id) === 'Not Available' ? na(body.correlationId) : na(body.correlation_id)} - Trace ID: ${na(body.trace_id)}`;
  return { name: 'CredentialUnavailableError', message: `${NAME}: Authentication failed. Message ${error}: ${details}` };
}

/** Why the SDK cannot run here at all (a logic app runs no code of yours). */
export function noCodeHere(r: SourceResource): string | null {
  return KINDS[r.kind].tokenEndpoint === 'connector' ? `A ${KINDS[r.kind].noun} runs no code of yours, so there is no SDK and no token endpoint to call: its connectors and HTTP actions use the identity for you.` : null;
}
