// The local token service of App Service, Functions, deployment slots and Container Apps (fact sheet §2
// "App Service / Azure Functions"): GET $IDENTITY_ENDPOINT?resource=...&api-version=2019-08-01 with the
// header X-IDENTITY-HEADER: $IDENTITY_HEADER.
import type { Draft } from '../draft.ts';
import { header, jsonResponse, type HttpRequest } from '../http.ts';
import type { Hop } from '../outcome.ts';
import type { SourceResource } from '../world.ts';
import { isAadError, lookUpResource } from './entra.ts';
import { appService2017, LEGACY_API_VERSION } from './appService2017.ts';
import type { EndpointAnswer } from './imds.ts';
import { issue } from './issue.ts';
import { selectIdentity, type Selector } from './select.ts';

const SELECTORS: [param: string, kind: Selector['kind']][] = [
  ['client_id', 'clientId'],
  ['principal_id', 'objectId'],
  ['object_id', 'objectId'],
  ['mi_res_id', 'resourceId'],
];

/** The observed error for an identity the service cannot pick (azure-sdk-for-net#43691). */
export const UNABLE_TO_LOAD = 'Unable to load the proper Managed Identity.';

export async function appService(d: Draft, app: SourceResource, request: HttpRequest, url: URL): Promise<EndpointAnswer> {
  const notes: string[] = [];
  const trace: Hop[] = [{ from: 'code', to: 'appService', label: `${request.method.toUpperCase()} ${url.pathname}`, ok: true }];
  const fault = (message: string, simplified?: string, status = 400): EndpointAnswer => {
    if (simplified) notes.push(`Simplified: ${simplified}`);
    const correlationId = d.guid();
    trace.push({ from: 'appService', to: 'code', label: `${status} ${message.split('\r\n')[0]}`, status, ok: false });
    return {
      exchange: { request, response: jsonResponse(status, { statusCode: status, message, correlationId }, { Server: 'Kestrel', 'X-CORRELATION-ID': correlationId }) },
      trace,
      notes,
    };
  };

  if (request.method.toUpperCase() !== 'GET') return fault('Only GET requests are supported.', 'the token service takes GET requests; this status and message are the sandbox\'s.', 405);
  if (url.searchParams.get('api-version') === LEGACY_API_VERSION) return appService2017(d, app, request, url, appService);
  const given = header(request.headers, 'X-IDENTITY-HEADER');
  if (given === undefined) {
    return fault('The request does not contain the X-IDENTITY-HEADER header.', 'Azure\'s answer to a missing X-IDENTITY-HEADER is not on record; the sandbox answers 400 in the App Service error shape with its own message.');
  }
  if (given !== app.identityHeader) {
    return fault('The X-IDENTITY-HEADER header does not match the expected value.', 'Azure\'s answer to a wrong X-IDENTITY-HEADER is not on record; the sandbox answers 400 in the App Service error shape with its own message. (The value is rotated by the platform: read it from IDENTITY_HEADER each time.)');
  }
  const q = url.searchParams;
  const apiVersion = q.get('api-version');
  if (apiVersion !== '2019-08-01') {
    return fault(
      apiVersion ? `The api-version '${apiVersion}' is not supported. Use api-version=2019-08-01.` : 'The api-version query parameter is required. Use api-version=2019-08-01.',
      'the sandbox implements the 2019-08-01 protocol and the older 2017-09-01 one (MSI_ENDPOINT, MSI_SECRET and a `secret` header); this message is the sandbox\'s.',
    );
  }
  const resource = q.get('resource');
  if (!resource) return fault("The 'resource' query parameter is required.", 'this message is the sandbox\'s.');
  const named = SELECTORS.filter(([p]) => q.has(p));
  if (named.length > 1) {
    return fault('Only one of client_id, principal_id (object_id) or mi_res_id may be specified.', 'the documentation calls these selectors mutually exclusive; this message is the sandbox\'s.');
  }
  const selector = named[0] ? { kind: named[0][1], value: q.get(named[0][0])! } : undefined;
  const selection = selectIdentity(d.world, app, selector, 'appService');
  if (!selection.ok) {
    const unconfirmed = selection.problem === 'multiple' ? undefined : 'Azure\'s message is on record only for user-assigned identities with none selected; the sandbox uses the same message when the named identity is unknown or deleted.';
    if (selection.problem === 'multiple') notes.push('App Service uses the system-assigned identity when no identity is named. For a user-assigned identity the request must name it (client_id, principal_id or mi_res_id).');
    return { ...fault(UNABLE_TO_LOAD, unconfirmed), selection };
  }
  trace.push({ from: 'appService', to: 'entra', label: `token for ${selection.principal.displayName} (${selection.kind === 'systemAssigned' ? 'system-assigned' : 'user-assigned'})`, ok: true });
  const target = lookUpResource(d, resource);
  if (isAadError(target)) {
    trace.push({ from: 'entra', to: 'appService', label: `AADSTS${target.code}`, status: 400, ok: false });
    return { ...fault(target.description, 'the App Service error body for an unknown resource is not on record; the sandbox passes Entra\'s AADSTS500011 text in the App Service error shape.'), selection };
  }
  const issued = await issue(d, {
    principal: selection.principal,
    via: 'appService',
    resource,
    requestedBy: app.id,
    identityResource: selection.identityResource,
    ...(target.api ? { api: target.api } : {}),
  });
  if (issued.cached) trace.pop();
  else trace.push({ from: 'entra', to: 'appService', label: 'signed token', ok: true });
  const t = issued.token;
  // The 2019-08-01 protocol: no expires_in, and expires_on in epoch seconds, as a string.
  const body = { access_token: t.jwt, client_id: t.clientId, expires_on: String(t.expiresOn), not_before: String(t.notBefore), resource, token_type: 'Bearer' };
  trace.push({ from: 'appService', to: 'code', label: issued.cached ? '200 access_token (cached)' : '200 access_token', status: 200, ok: true });
  return { exchange: { request, response: jsonResponse(200, body, { Server: 'Kestrel' }) }, trace, issued, selection, notes };
}
