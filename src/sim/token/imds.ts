// The VM's Instance Metadata Service token endpoint (fact sheet §2 "Azure VM / VMSS: IMDS"):
// GET http://169.254.169.254/metadata/identity/oauth2/token?api-version=...&resource=... with `Metadata: true`.
import type { Draft } from '../draft.ts';
import { header, jsonResponse, type HttpRequest } from '../http.ts';
import type { Hop } from '../outcome.ts';
import type { SourceResource } from '../world.ts';
import { isAadError, lookUpResource } from './entra.ts';
import { IMDS_TOKEN_PATH } from './environment.ts';
import { issue, type Issued } from './issue.ts';
import { selectIdentity, type Selection, type Selector } from './select.ts';

/** The shape shared by the managed identity endpoints' answers. */
export interface EndpointAnswer {
  exchange: { request: HttpRequest; response: ReturnType<typeof jsonResponse> };
  trace: Hop[];
  issued?: Issued;
  selection?: Selection;
  notes: string[];
}

/** As captured from real VMs ([P3], azure-sdk-for-rust#748). */
const IMDS_HEADERS = { Server: 'IMDS/150.870.65.512' };
/** The IMDS doc's example list for a request without api-version. */
const NEWEST_VERSIONS = ['2020-10-01', '2020-09-01', '2020-07-15'];
/** IMDS versions (the identity endpoint needs 2018-02-01 or later). */
const VERSIONS = [
  '2017-03-01', '2017-04-02', '2017-08-01', '2017-10-01', '2017-12-01', '2018-02-01', '2018-04-02', '2018-10-01',
  '2019-02-01', '2019-03-11', '2019-04-30', '2019-06-01', '2019-06-04', '2019-08-01', '2019-08-15', '2019-11-01',
  '2020-06-01', '2020-07-15', '2020-09-01', '2020-10-01', '2020-12-01', '2021-01-01', '2021-02-01', '2021-03-01',
  '2021-05-01', '2021-10-01', '2021-11-01', '2021-11-15', '2021-12-13', '2023-07-01',
];

const SELECTORS: [param: string, kind: Selector['kind']][] = [
  ['client_id', 'clientId'],
  ['object_id', 'objectId'],
  ['msi_res_id', 'resourceId'],
];

export async function imds(d: Draft, vm: SourceResource, request: HttpRequest, url: URL): Promise<EndpointAnswer> {
  const notes: string[] = [];
  const trace: Hop[] = [{ from: 'code', to: 'imds', label: `${request.method.toUpperCase()} ${url.pathname}`, ok: true }];
  const reply = (status: number, body: unknown, simplified?: string): EndpointAnswer => {
    if (simplified) notes.push(`Simplified: ${simplified}`);
    const { error, error_description } = body as { error?: string; error_description?: string };
    const label = status === 200 ? '200 access_token' : `${status} ${(error_description ?? error ?? '').split('\r\n')[0]}`;
    trace.push({ from: 'imds', to: 'code', label, status, ok: status === 200 });
    return { exchange: { request, response: jsonResponse(status, body, IMDS_HEADERS) }, trace, notes };
  };

  // MSAL (@azure/identity 4.x) sends the path with a trailing slash, which IMDS accepts.
  if (url.pathname.replace(/\/$/, '') !== IMDS_TOKEN_PATH) {
    return reply(404, { error: 'Not found' }, `the sandbox's IMDS serves only ${IMDS_TOKEN_PATH}; the body of this 404 is the sandbox's.`);
  }
  if (request.method.toUpperCase() !== 'GET') {
    return reply(405, { error: 'invalid_request', error_description: 'Only GET requests are supported' }, 'IMDS documents 405 "Only GET requests are supported"; the exact body is not on record.');
  }
  // IMDS refuses requests that went through a proxy (fact sheet §2, [D15]: they "are rejected").
  if (header(request.headers, 'X-Forwarded-For') !== undefined) {
    return reply(
      400,
      { error: 'invalid_request', error_description: 'Requests with an X-Forwarded-For header are not accepted' },
      'the IMDS doc says requests with X-Forwarded-For "are rejected"; the status and body here are the sandbox\'s. IMDS is for code on the VM itself, never behind a proxy.',
    );
  }
  // Decision for the sandbox: the header value is compared case-insensitively with "true".
  if (header(request.headers, 'Metadata')?.trim().toLowerCase() !== 'true') {
    return reply(
      400,
      { error: 'invalid_request', error_description: 'Required metadata header not specified' },
      'the IMDS doc lists this as error code bad_request_102; the sandbox answers with the invalid_request body, whose 88 bytes match the Content-Length of a captured real response.',
    );
  }
  const q = url.searchParams;
  const apiVersion = q.get('api-version');
  if (!apiVersion) {
    return reply(400, { error: 'Bad request. api-version was not specified in the request. For more information refer to aka.ms/azureimds', 'newest-versions': NEWEST_VERSIONS });
  }
  if (!VERSIONS.includes(apiVersion) || apiVersion < '2018-02-01') {
    return reply(
      400,
      { error: `Bad request. api-version '${apiVersion}' is not supported for this endpoint. For more information refer to aka.ms/azureimds`, 'newest-versions': NEWEST_VERSIONS },
      'the identity endpoint needs api-version 2018-02-01 or later; the wording of this error is the sandbox\'s.',
    );
  }
  const resource = q.get('resource');
  if (!resource) {
    return reply(400, { error: 'invalid_request', error_description: "Required query variable 'resource' is missing" }, 'the wording of the missing-resource error is the sandbox\'s.');
  }
  const given = SELECTORS.filter(([p]) => q.has(p));
  if (given.length > 1) {
    return reply(400, { error: 'invalid_request', error_description: 'Only one of client_id, object_id or msi_res_id may be specified' }, 'the selectors are documented as alternatives; this error text is the sandbox\'s.');
  }
  const selector = given[0] ? { kind: given[0][1], value: q.get(given[0][0])! } : undefined;
  const selection = selectIdentity(d.world, vm, selector, 'imds');
  if (!selection.ok) {
    if (selection.problem === 'multiple') {
      return { ...reply(400, { error: 'invalid_request', error_description: 'Multiple user assigned identities exist, please specify the clientId / resourceId of the identity in the token request' }), selection };
    }
    if (selection.problem === 'deleted') {
      notes.push('The identity was deleted but is still listed on the VM (a sandbox decision: reports differ on whether Azure removes it). Remove the stale entry.');
    }
    return { ...reply(400, { error: 'invalid_request', error_description: 'Identity not found' }), selection };
  }
  if (selection.defaulted === 'singleUser') {
    notes.push('No identity was named, so IMDS used the only user-assigned identity, as the docs say. Real users report that this default does not always hold: passing client_id is the safe habit.');
  }
  trace.push({ from: 'imds', to: 'entra', label: `token for ${selection.principal.displayName} (${selection.kind === 'systemAssigned' ? 'system-assigned' : 'user-assigned'})`, ok: true });
  const target = lookUpResource(d, resource);
  if (isAadError(target)) {
    trace.push({ from: 'entra', to: 'imds', label: `AADSTS${target.code}`, status: 400, ok: false });
    return { ...reply(400, { error: target.error, error_description: target.description }), selection };
  }
  const issued = await issue(d, {
    principal: selection.principal,
    via: 'imds',
    resource,
    requestedBy: vm.id,
    identityResource: selection.identityResource,
    ...(target.api ? { api: target.api } : {}),
  });
  if (!issued.cached) trace.push({ from: 'entra', to: 'imds', label: 'signed token', ok: true });
  else trace.pop();
  const t = issued.token;
  const expiresIn = t.expiresOn - d.world.now;
  const answer = reply(200, {
    access_token: t.jwt,
    client_id: t.clientId,
    expires_in: String(expiresIn),
    expires_on: String(t.expiresOn),
    ext_expires_in: String(expiresIn - 1),
    not_before: String(t.notBefore),
    resource,
    token_type: 'Bearer',
  });
  if (issued.cached) answer.trace[answer.trace.length - 1]!.label = '200 access_token (cached)';
  return { ...answer, issued, selection };
}
