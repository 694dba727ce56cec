// target.call: an HTTP request to a service, with or without a bearer token, answered as the service
// would. The host in the URL picks the service, as DNS would.
import { own } from '../../table.ts';
import { expandId, KINDS } from '../../arm.ts';
import type { Draft } from '../../draft.ts';
import { header, networkFailure, parseUrl, textResponse, type HttpRequest } from '../../http.ts';
import { fail, type Hop } from '../../outcome.ts';
import { displayName, getResource, isSource } from '../../query.ts';
import type { IssuedToken, SourceResource } from '../../world.ts';
import type { TargetCallAction } from '../actions.ts';
import { isAadError, lookUpResource } from '../entra.ts';
import { IMDS_HOST, LOGIN } from '../environment.ts';
import { issue } from '../issue.ts';
import { selectIdentity } from '../select.ts';
import type { Result } from '../../run.ts';
import { resolveArmReferences } from './arm.ts';
import type { TargetAnswer } from './common.ts';
import { serviceAt, serviceOf, TARGETS } from './registry.ts';

function pickToken(d: Draft, ref: string): IssuedToken {
  const uti = ref === 'latest' ? d.world.lastToken : ref;
  const t = uti ? own(d.world.tokens, uti) : undefined;
  if (!t) fail(400, 'InvalidAction', ref === 'latest' ? 'No token has been issued yet: send a token.request first.' : `No token with uti '${ref}' was issued in this sandbox.`);
  return t;
}

/**
 * A logic app's HTTP action with `ManagedServiceIdentity` authentication: the platform, not your code,
 * gets a token for the audience with the chosen identity.
 */
async function connectorToken(d: Draft, source: SourceResource | undefined, auth: NonNullable<TargetCallAction['authentication']>, trace: Hop[]): Promise<IssuedToken> {
  if (!source || KINDS[source.kind].tokenEndpoint !== 'connector') {
    fail(400, 'InvalidAction', 'Managed identity authentication on an HTTP action belongs to logic apps: name the logic app in `from`.', ['Code on a VM or in App Service asks its token endpoint itself (token.request), then sends the token with target.call.']);
  }
  const identity = auth.identity ? getResource(d.world, auth.identity) : undefined;
  if (auth.identity && identity?.kind !== 'userAssignedIdentity' && !source.identity.userAssigned.some((u) => u.id.toLowerCase() === expandId(d.world, auth.identity!).toLowerCase())) {
    fail(400, 'InvalidAction', `'${auth.identity}' is not a user-assigned identity.`);
  }
  const selector = auth.identity ? { kind: 'resourceId' as const, value: expandId(d.world, auth.identity) } : undefined;
  const selection = selectIdentity(d.world, source, selector, 'appService');
  const notes = ['The wording of this error is the sandbox\'s: the workflow run fails at the HTTP action.'];
  if (!selection.ok) {
    const what = auth.identity ? `The user-assigned identity '${auth.identity.split('/').pop()}' is not usable by this logic app` : 'The logic app has no system-assigned identity';
    fail(400, 'ManagedIdentityNotFound', `${what}. ${selection.detail}`, notes);
  }
  const target = lookUpResource(d, auth.audience);
  if (isAadError(target)) fail(400, 'InvalidAudience', target.description.split('\r\n')[0]!, notes);
  trace.push({ from: 'code', to: 'entra', label: `platform gets a token for ${auth.audience}`, ok: true });
  const issued = await issue(d, {
    principal: selection.principal,
    via: 'connector',
    resource: auth.audience,
    requestedBy: source.id,
    identityResource: selection.identityResource,
    ...(target.api ? { api: target.api } : {}),
  });
  trace.push({ from: 'entra', to: 'code', label: issued.cached ? 'token (cached)' : 'token', ok: true });
  d.world.lastToken = issued.token.uti;
  d.notes.push(`The logic app's platform obtained the token with ${selection.kind === 'systemAssigned' ? 'its system-assigned identity' : `the user-assigned identity '${selection.principal.displayName}'`}: no code, no secret, and the token never shows in the workflow definition.`);
  return issued.token;
}

/** HTTP.sys's default limit on a request's headers (MaxRequestBytes, 16 KB), which Azure's Windows front ends answer with. */
export const MAX_REQUEST_HEADER_BYTES = 16_384;

/** HTTP.sys's own page for a request whose headers exceed its limit. */
const REQUEST_TOO_LONG =
  '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN""http://www.w3.org/TR/html4/strict.dtd">\r\n<HTML><HEAD><TITLE>Bad Request</TITLE>\r\n<META HTTP-EQUIV="Content-Type" Content="text/html; charset=us-ascii"></HEAD>\r\n<BODY><h2>Bad Request - Request Too Long</h2>\r\n<hr><p>HTTP Error 400. The size of the request headers is too long.</p>\r\n</BODY></HTML>\r\n';

/**
 * A request whose headers (a pasted 1 MB token, say) exceed what the service's front end takes is
 * answered there, before any token check: 400 "Request Too Long".
 */
function headersTooLong(d: Draft, request: HttpRequest, url: URL): Result | null {
  const bytes = Object.entries(request.headers).reduce((n, [k, v]) => n + new TextEncoder().encode(`${k}: ${v}\r\n`).length, 0);
  if (bytes <= MAX_REQUEST_HEADER_BYTES) return null;
  if (!serviceAt(d.world, url)) return null;
  d.notes.push(
    `The request's headers are ${bytes.toLocaleString('en-US')} bytes. The front end refused them before any token check: this is the answer of HTTP.sys (the Windows HTTP server in front of many Azure services) at its default limit of ${MAX_REQUEST_HEADER_BYTES.toLocaleString('en-US')} bytes. Simplified: the limit and the page vary by service.`,
  );
  const response = textResponse(400, REQUEST_TOO_LONG, { 'Content-Type': 'text/html; charset=us-ascii', Connection: 'close' });
  return {
    summary: `The service's front end refused the call with 400 Bad Request: the request headers are too long (${bytes.toLocaleString('en-US')} bytes).`,
    http: { request, response },
    trace: [
      { from: 'code', to: 'target', label: `${request.method.toUpperCase()} ${url.host}`, ok: true },
      { from: 'target', to: 'code', label: '400 Request Too Long', status: 400, ok: false },
    ],
  };
}

async function route(d: Draft, request: HttpRequest, url: URL): Promise<TargetAnswer | string> {
  const service = serviceAt(d.world, url);
  if (service) return TARGETS[service].handle(d, request, url);
  if (url.hostname.toLowerCase() === IMDS_HOST || url.origin === LOGIN || /\/msi\/token$/i.test(url.pathname)) {
    fail(400, 'InvalidAction', 'That is a token endpoint: use token.request to ask it for a token.');
  }
  return `getaddrinfo ENOTFOUND ${url.hostname.toLowerCase()}`;
}

export async function targetCall(d: Draft, a: TargetCallAction): Promise<Result> {
  const from = a.from ? getResource(d.world, a.from) : undefined;
  if (a.from && !from) fail(404, 'ResourceNotFound', `The resource '${expandId(d.world, a.from)}' was not found.`);
  const source = isSource(from) ? from : undefined;
  const trace: Hop[] = [];
  let request: HttpRequest = { ...a.request, headers: { ...(a.request.headers ?? {}) } };
  const attach = (t: IssuedToken) => {
    if (header(request.headers, 'Authorization') !== undefined) fail(400, 'InvalidAction', 'The request already has an Authorization header: attach a token one way only.');
    request = { ...request, headers: { ...request.headers, Authorization: `Bearer ${t.jwt}` } };
  };
  if (a.token && a.authentication) fail(400, 'InvalidAction', 'Give either `token` or `authentication`, not both.');
  if (a.token) attach(pickToken(d, a.token));
  if (a.authentication) attach(await connectorToken(d, source, a.authentication, trace));

  if (parseUrl(request.url)?.hostname === 'management.azure.com') request = resolveArmReferences(d.world, request, d.notes);
  const url = parseUrl(request.url);
  const tooLong = url ? headersTooLong(d, request, url) : null;
  if (tooLong) return tooLong;
  const answer = url ? await route(d, request, url) : `TypeError: Failed to parse URL from ${request.url}`;
  if (typeof answer === 'string') {
    trace.push({ from: 'code', to: 'target', label: `${request.method.toUpperCase()} ${url?.host ?? request.url}: no answer`, ok: false });
    return { summary: `The call got no answer: ${answer}.`, http: networkFailure(request, answer), trace };
  }
  const res = answer.response;
  const path = `${url!.pathname}${url!.search}`;
  trace.push({ from: 'code', to: 'target', label: `${request.method.toUpperCase()} ${path.length > 60 ? `${path.slice(0, 57)}...` : path}`, ok: true }, ...answer.hops);
  trace.push({ from: 'target', to: 'code', label: `${res.status} ${res.statusText}`, status: res.status, ok: res.status < 400 });
  const service = serviceOf(answer.call.target).words.service;
  const who = source ? ` from '${displayName(source)}'` : '';
  const summary = res.status < 400 ? `${service} answered ${res.status} ${res.statusText}${who}: ${answer.call.reason}` : `${service} refused the call${who} with ${res.status} ${res.statusText}: ${answer.call.reason}`;
  return { summary, http: { request, response: res }, trace, call: answer.call };
}
