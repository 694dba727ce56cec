// The tenant's own token endpoint (v1.0, https://login.microsoftonline.com/<tenant>/oauth2/token) for
// the client-credentials flow, and the AADSTS errors Entra answers with.
import { own } from '../table.ts';
import type { Draft } from '../draft.ts';
import { formFields, jsonResponse, type HttpExchange, type HttpRequest } from '../http.ts';
import type { Hop } from '../outcome.ts';
import type { Application, World } from '../world.ts';
import { LOGIN } from './environment.ts';
import { resolveResource, type ResourcePrincipal } from './audiences.ts';
import { issue, type Issued } from './issue.ts';

/** Entra's timestamp format in error texts: "2023-05-06 06:03:00Z". */
export function aadTimestamp(epoch: number): string {
  return new Date(epoch * 1000).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
}

export interface AadError {
  status: number;
  error: string;
  code: number;
  /** The description with its Trace ID, Correlation ID and Timestamp lines, as Entra writes it. */
  description: string;
  traceId: string;
  correlationId: string;
  timestamp: string;
}

export function aadError(d: Draft, status: number, error: string, code: number, text: string): AadError {
  const traceId = d.guid();
  const correlationId = d.guid();
  const timestamp = aadTimestamp(d.world.now);
  const description = `AADSTS${code}: ${text}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`;
  return { status, error, code, description, traceId, correlationId, timestamp };
}

/** The AADSTS500011 text for a resource no service principal in the tenant answers to. */
export function unknownResource(d: Draft, resource: string): AadError {
  return aadError(
    d,
    400,
    'invalid_resource',
    500011,
    `The resource principal named ${resource} was not found in the tenant named ${d.world.tenant.displayName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
  );
}

/** Ask Entra for the resource: its principal, or the AADSTS500011 error. */
export function lookUpResource(d: Draft, resource: string): ResourcePrincipal | AadError {
  return resolveResource(d.world, resource) ?? unknownResource(d, resource);
}

export const isAadError = (x: unknown): x is AadError => typeof x === 'object' && x !== null && 'code' in x && 'description' in x;

/** Entra's error body on its own endpoint, with the fields of every AADSTS response. */
function aadResponse(e: AadError) {
  return jsonResponse(
    e.status,
    {
      error: e.error,
      error_description: e.description,
      error_codes: [e.code],
      timestamp: e.timestamp,
      trace_id: e.traceId,
      correlation_id: e.correlationId,
      error_uri: `${LOGIN}/error?code=${e.code}`,
    },
    { 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache', 'x-ms-request-id': e.traceId },
  );
}

function tenantMatches(world: World, segment: string): boolean {
  const s = segment.toLowerCase();
  return s === world.tenant.id || s === world.tenant.defaultDomain.toLowerCase();
}

export interface EntraAnswer {
  exchange: HttpExchange;
  trace: Hop[];
  issued?: Issued;
  app?: Application;
  notes: string[];
}

/** POST /<tenant>/oauth2/token with grant_type=client_credentials: an app proves itself with its secret. */
export async function clientCredentials(d: Draft, request: HttpRequest, url: URL): Promise<EntraAnswer> {
  const world = d.world;
  const notes: string[] = [];
  const trace: Hop[] = [{ from: 'code', to: 'entra', label: `POST ${url.pathname}`, ok: true }];
  const answer = (e: AadError, simplified = false): EntraAnswer => {
    if (simplified) notes.push(`Simplified: the wording of AADSTS${e.code} here is the sandbox's approximation of Entra's.`);
    trace.push({ from: 'entra', to: 'code', label: `${e.status} ${e.error} (AADSTS${e.code})`, status: e.status, ok: false });
    return { exchange: { request, response: aadResponse(e) }, trace, notes };
  };
  const tenantSegment = url.pathname.split('/')[1] ?? '';
  if (request.method.toUpperCase() !== 'POST') {
    return answer(aadError(d, 400, 'invalid_request', 900561, `The endpoint only accepts POST requests. Received a ${request.method.toUpperCase()} request.`), true);
  }
  if (!tenantMatches(world, tenantSegment)) {
    return answer(aadError(d, 400, 'invalid_request', 90002, `Tenant '${tenantSegment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`), true);
  }
  const f = formFields(request.body);
  const missing = (name: string) => aadError(d, 400, 'invalid_request', 900144, `The request body must contain the following parameter: '${name}'.`);
  if (!f.grant_type) return answer(missing('grant_type'));
  if (f.grant_type !== 'client_credentials') {
    return answer(aadError(d, 400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${f.grant_type}'.`), true);
  }
  if (!f.client_id) return answer(missing('client_id'));
  const app = own(world.applications, f.client_id.toLowerCase());
  if (!app) {
    notes.push('A managed identity has a client id but no application object and no secret: the client-credentials flow cannot be used with it.');
    return answer(
      aadError(d, 400, 'unauthorized_client', 700016, `Application with identifier '${f.client_id}' was not found in the directory '${world.tenant.displayName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`),
    );
  }
  if (!f.client_secret) {
    return answer(aadError(d, 401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'."));
  }
  const secret = app.passwordCredentials.find((p) => p.secretText === f.client_secret);
  if (!secret) {
    return answer(aadError(d, 401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.appId}'.`));
  }
  if (secret.endDateTime <= world.now) {
    return answer(aadError(d, 401, 'invalid_client', 7000222, `The provided client secret keys for app '${app.appId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`));
  }
  if (!f.resource) return answer(missing('resource'), true);
  const target = lookUpResource(d, f.resource);
  if (isAadError(target)) return answer(target);
  const principal = own(world.servicePrincipals, app.servicePrincipalId)!;
  const issued = await issue(d, { principal, via: 'clientCredentials', resource: f.resource, ...(target.api ? { api: target.api } : {}) });
  const t = issued.token;
  const body = {
    token_type: 'Bearer',
    expires_in: String(t.expiresOn - world.now),
    ext_expires_in: String(t.expiresOn - world.now),
    expires_on: String(t.expiresOn),
    not_before: String(t.notBefore),
    resource: f.resource,
    access_token: t.jwt,
  };
  trace.push({ from: 'entra', to: 'code', label: '200 access_token', status: 200, ok: true });
  notes.push(
    `Nothing tied this request to a machine: whoever holds the secret of '${app.displayName}' gets the same token, from anywhere. The token lives about an hour; the secret until ${new Date(secret.endDateTime * 1000).toISOString().slice(0, 10)}.`,
  );
  return {
    exchange: { request, response: jsonResponse(200, body, { 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache', 'x-ms-request-id': d.guid() }) },
    trace,
    issued,
    app,
    notes,
  };
}
