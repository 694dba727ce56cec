// The Azure SDK's view of a managed identity token request: what `ManagedIdentityCredential` (JavaScript,
// @azure/identity) sends for the resource it runs on, and the error `getToken` throws for each failure.
// Messages follow @azure/identity 3.x (fact sheet §5, [C3]); 4.x words some of them differently.
import { KINDS } from '../arm.ts';
import type { HttpExchange, HttpRequest } from '../http.ts';
import type { SdkView } from '../outcome.ts';
import type { SourceResource, World } from '../world.ts';
import type { TokenRequestAction } from './actions.ts';
import { environmentOf, IMDS_TOKEN_URL } from './environment.ts';

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
 * The request the SDK sends, or the error it throws before sending anything (several scopes).
 * Values are already resolved (client ids, full resource ids).
 */
export function sdkRequest(world: World, r: SourceResource | undefined, resolved: { clientId?: string; resourceId?: string; objectId?: string }, scopes: string[]): HttpRequest | { error: NonNullable<SdkView['error']> } {
  // Off Azure (a laptop) no IDENTITY_ENDPOINT is set, so the SDK tries IMDS, which nothing answers there.
  const source = r ? sdkSource(world, r) : 'imds';
  const resource = scopeToResource(scopes);
  if (resource === null) {
    const msiName = source === 'imds' ? `${NAME} - IMDS` : `${NAME} - AppServiceMSI 2019`;
    return { error: { name: 'Error', message: `${msiName}: Multiple scopes are not supported.` } };
  }
  const q = new URLSearchParams();
  if (source === 'imds') {
    q.set('api-version', '2018-02-01');
    q.set('resource', resource);
    if (resolved.clientId) q.set('client_id', resolved.clientId);
    if (resolved.resourceId) q.set('msi_res_id', resolved.resourceId);
    if (resolved.objectId) q.set('object_id', resolved.objectId);
    return { method: 'GET', url: `${IMDS_TOKEN_URL}?${q}`, headers: { Metadata: 'true' } };
  }
  const env = environmentOf(world, r!.id);
  q.set('resource', resource);
  q.set('api-version', '2019-08-01');
  if (resolved.clientId) q.set('client_id', resolved.clientId);
  if (resolved.resourceId) q.set('mi_res_id', resolved.resourceId);
  if (resolved.objectId) q.set('principal_id', resolved.objectId);
  return { method: 'GET', url: `${env.IDENTITY_ENDPOINT}?${q}`, headers: { 'X-IDENTITY-HEADER': env.IDENTITY_HEADER! } };
}

/** The error `getToken` throws for a response, as @azure/identity 3.x words it; undefined on success. */
export function sdkError(exchange: HttpExchange): SdkView['error'] {
  const res = exchange.response;
  if (exchange.networkError !== undefined) {
    return { name: 'CredentialUnavailableError', message: `${NAME}: Unavailable. No managed identity endpoint found. Message: ${exchange.networkError}` };
  }
  if (res.status === 200) return undefined;
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(res.body) as Record<string, unknown>;
  } catch {
    /* not JSON */
  }
  // IMDS bodies have error/error_description; App Service bodies have statusCode/message.
  const error = typeof body.error === 'string' ? body.error : 'unknown_error';
  const description = typeof body.error_description === 'string' ? body.error_description : typeof body.message === 'string' ? body.message : res.body;
  const details = `${error} Status code: ${res.status}\nMore details:\n${description}`;
  if (res.status === 400) {
    return { name: 'CredentialUnavailableError', message: `${NAME}: The managed identity endpoint is indicating there's no available identity. Message: ${details}` };
  }
  return { name: 'AuthenticationError', message: `${NAME} authentication failed. Status code: ${res.status}\nMore details:\n${description}` };
}

/** Why the SDK cannot run here at all (a logic app runs no code of yours). */
export function noCodeHere(r: SourceResource): string | null {
  return KINDS[r.kind].tokenEndpoint === 'connector' ? `A ${KINDS[r.kind].noun} runs no code of yours, so there is no SDK and no token endpoint to call: its connectors and HTTP actions use the identity for you.` : null;
}
