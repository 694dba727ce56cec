// token.request: code on a resource (or anywhere, for an app with a secret) asks a token endpoint for a
// token. The request goes where its URL says, exactly as code would send it; the answer, good or bad,
// is part of what the learner studies, so only requests the sandbox cannot model are refused.
import { own } from '../table.ts';
import { expandId } from '../arm.ts';
import { KINDS, kindSpec } from '../kinds.ts';
import type { Draft } from '../draft.ts';
import { networkFailure, parseUrl, type HttpExchange, type HttpRequest } from '../http.ts';
import { fail, type Hop, type SdkView } from '../outcome.ts';
import { displayName, getResource, isSource } from '../query.ts';
import type { SourceResource, World } from '../world.ts';
import type { TokenRequestAction } from './actions.ts';
import { findApp } from './apps.ts';
import { appService } from './appService.ts';
import { clientCredentials } from './entra.ts';
import { environmentOf, IMDS_HOST, localEndpointOf, LOGIN } from './environment.ts';
import { imds } from './imds.ts';
import { IMDS_IDENTITY_RATE, throttled, throttleHop, throttleNotes } from './imdsThrottle.ts';
import type { Issued } from './issue.ts';
import { noCodeHere, SDK_LABEL, sdkAttempts, sdkError, sdkRequest, snippet } from './sdk.ts';
import { resolveReference, type SelectorKind } from './select.ts';
import type { Result } from '../run.ts';

const PLACEHOLDER = /\$\{?(IDENTITY_ENDPOINT|IDENTITY_HEADER|MSI_ENDPOINT|MSI_SECRET)\}?/g;

/** Expand $IDENTITY_ENDPOINT / $IDENTITY_HEADER (and the 2017-09-01 $MSI_ENDPOINT / $MSI_SECRET) as code reading the environment would (unset reads as "undefined", as in JavaScript). */
function expandEnvironment(request: HttpRequest, env: Record<string, string>, notes: string[]): HttpRequest {
  const missing = new Set<string>();
  const sub = (text: string) =>
    text.replace(PLACEHOLDER, (_, name: string) => {
      const value = own(env, name);
      if (value === undefined) missing.add(name);
      return value ?? 'undefined';
    });
  const out = { ...request, url: sub(request.url), headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, sub(v)])) };
  if (missing.size) notes.push(`${[...missing].join(' and ')} ${missing.size === 1 ? 'is' : 'are'} not set on this resource: the platform sets them only while the resource has a managed identity.`);
  return out;
}

/** Query parameters that name an identity, and what kind of value each takes. */
const SELECTOR_PARAMS: Record<string, SelectorKind> = { client_id: 'clientId', object_id: 'objectId', principal_id: 'objectId', msi_res_id: 'resourceId', mi_res_id: 'resourceId' };

/** Put real ids where the request names an identity by its resource id (the sandbox's reference form). */
function resolveQueryReferences(world: World, source: SourceResource | undefined, request: HttpRequest, notes: string[]): HttpRequest {
  const [base, query] = [request.url.split('?')[0]!, request.url.split('?').slice(1).join('?')];
  if (!query) return request;
  let changed = false;
  const parts = query.split('&').map((pair) => {
    const [name, raw = ''] = pair.split('=');
    const kind = own(SELECTOR_PARAMS, name ?? '');
    if (!kind) return pair;
    const value = decodeURIComponent(raw.replace(/\+/g, ' '));
    const r = resolveReference(world, source, value, kind);
    if (r.value === value) return pair;
    changed = true;
    notes.push(`The sandbox put in ${kind === 'clientId' ? 'the client id' : kind === 'objectId' ? 'the object (principal) id' : 'the full resource id'} for ${value}, as you would copy it from the portal.`);
    return `${name}=${kind === 'resourceId' ? r.value : encodeURIComponent(r.value)}`;
  });
  return changed ? { ...request, url: `${base}?${parts.join('&')}` } : request;
}

function resolveSdkOptions(world: World, source: SourceResource | undefined, o: NonNullable<TokenRequestAction['sdk']>, notes: string[]) {
  const out: { clientId?: string; resourceId?: string; objectId?: string } = {};
  for (const [k, kind] of [['clientId', 'clientId'], ['resourceId', 'resourceId'], ['objectId', 'objectId']] as const) {
    const given = o[k];
    if (given === undefined) continue;
    const r = resolveReference(world, source, given, kind);
    if (r.from && kind !== 'resourceId') notes.push(`The sandbox put in the ${kind === 'clientId' ? 'client id' : 'object id'} of ${r.from} as \`${k}\`.`);
    out[k] = r.value;
  }
  return out;
}

function sourceOf(world: World, from: string | undefined): SourceResource | undefined {
  if (from === undefined) return undefined;
  const r = getResource(world, from);
  if (!r) fail(404, 'ResourceNotFound', `The resource '${expandId(world, from)}' was not found.`);
  if (!isSource(r)) fail(400, 'NotACompute', `A ${KINDS[r.kind].noun} runs no code that could ask for a token.`, [`Token requests come from compute: ${COMPUTE_NOUNS}.`]);
  const why = noCodeHere(r);
  if (why) fail(400, 'NoTokenEndpoint', why, ['To use a logic app\'s identity, send a target.call from it with `authentication: { type: "ManagedServiceIdentity", audience }`, like the HTTP action of a workflow.']);
  return r;
}

/** Every kind that runs code, in words: "virtual machine, App Service web app, …". */
const COMPUTE_NOUNS = (Object.keys(KINDS) as (keyof typeof KINDS)[]).filter((k) => KINDS[k].family === 'compute' && KINDS[k].tokenEndpoint !== 'connector').map((k) => KINDS[k].noun).join(', ');

interface Answer {
  exchange: HttpExchange;
  trace: Hop[];
  issued?: Issued;
  where: string;
  who?: string;
}

/** Send a request to whatever its URL names, from the source resource. */
async function send(d: Draft, source: SourceResource | undefined, request: HttpRequest, notes: string[]): Promise<Answer> {
  const url = parseUrl(request.url);
  const here = source ? `'${displayName(source)}'` : 'outside Azure';
  if (!url) {
    return { exchange: networkFailure(request, `TypeError: Failed to parse URL from ${request.url}`), trace: [], where: 'The request' };
  }
  if (url.hostname === IMDS_HOST) {
    if (source && KINDS[source.kind].tokenEndpoint === 'imds') {
      const a = await imds(d, source, request, url);
      notes.push(...a.notes, ...kindNotes(source));
      return { ...a, exchange: a.exchange, where: `IMDS on ${here}`, ...(a.selection?.ok ? { who: identityWords(source, a.selection.kind, a.selection.principal.displayName) } : {}) };
    }
    notes.push(source ? `IMDS (169.254.169.254) answers only on virtual machines; ${here} reaches its identity through IDENTITY_ENDPOINT.` : 'There is no managed identity endpoint outside Azure: ManagedIdentityCredential works only on an Azure resource (use DefaultAzureCredential with your own sign-in locally).');
    return { exchange: networkFailure(request, `connect EHOSTUNREACH ${IMDS_HOST}:80`), trace: [{ from: 'code', to: 'imds', label: 'no route to 169.254.169.254', ok: false }], where: 'The request' };
  }
  if (url.origin === LOGIN) {
    if (!/^\/[^/]+\/oauth2\/token$/.test(url.pathname)) {
      fail(400, 'SandboxUnsupported', `The sandbox's Entra answers only the v1.0 token endpoint ${LOGIN}/<tenant>/oauth2/token.`);
    }
    const a = await clientCredentials(d, request, url);
    notes.push(...a.notes);
    return { ...a, where: 'Entra ID', ...(a.app ? { who: `the app '${a.app.displayName}'` } : {}) };
  }
  const local = source ? localEndpointOf(source) : undefined;
  if (source && local && sameEndpoint(url, local)) {
    if (environmentOf(d.world, source.id).IDENTITY_ENDPOINT) {
      const a = await appService(d, source, request, url);
      notes.push(...a.notes, ...kindNotes(source));
      return { ...a, where: `The token service of ${here}`, ...(a.selection?.ok ? { who: identityWords(source, a.selection.kind, a.selection.principal.displayName) } : {}) };
    }
    return { exchange: networkFailure(request, `connect ECONNREFUSED ${url.host}`), trace: [{ from: 'code', to: 'appService', label: 'connection refused', ok: false }], where: 'The request' };
  }
  fail(400, 'NotATokenEndpoint', `${url.origin}${url.pathname} is not a token endpoint.`, [
    'token.request sends to IMDS (VMs), to $IDENTITY_ENDPOINT (App Service, Functions, slots, Container Apps) or to the tenant\'s /oauth2/token (apps with a secret). Use target.call to call a service with a token.',
  ]);
}

/** What the kinds registry says about tokens from this kind of resource, if anything. */
function kindNotes(source: SourceResource): string[] {
  const note = kindSpec(source.kind).tokenNote;
  return note ? [note] : [];
}

function sameEndpoint(url: URL, endpoint: string): boolean {
  const e = new URL(endpoint);
  return url.protocol === e.protocol && url.host === e.host && url.pathname.toLowerCase() === e.pathname.toLowerCase();
}

function identityWords(source: SourceResource, kind: 'systemAssigned' | 'userAssigned', name: string): string {
  return kind === 'systemAssigned' ? `the system-assigned identity of '${displayName(source)}'` : `the user-assigned identity '${name}'`;
}

function summarize(a: Answer): string {
  const res = a.exchange.response;
  if (a.exchange.networkError !== undefined) return `${a.where} got no answer: ${a.exchange.networkError}.`;
  if (a.issued) {
    const t = a.issued.token;
    const hours = Math.round((t.expiresOn - t.notBefore) / 3600);
    return a.issued.cached
      ? `${a.where} handed back the token it had cached for ${a.who} and ${t.audience}; it is valid until ${new Date(t.expiresOn * 1000).toISOString().replace('.000Z', 'Z')}.`
      : `${a.where} returned a new token for ${t.audience}, issued to ${a.who}, valid about ${hours} h.`;
  }
  let message = '';
  try {
    const body = JSON.parse(res.body) as Record<string, unknown>;
    message = String(body.error_description ?? body.message ?? body.error ?? '').split('\r\n')[0]!;
  } catch {
    /* no JSON body */
  }
  const text = message ? `: ${message}` : '';
  return `${a.where} answered ${res.status}${text}${text.endsWith('.') ? '' : '.'}`;
}

export async function tokenRequest(d: Draft, a: TokenRequestAction): Promise<Result> {
  const forms = [a.request, a.sdk, a.clientCredentials].filter((x) => x !== undefined).length;
  if (forms !== 1) fail(400, 'InvalidAction', 'A token request needs exactly one of `request`, `sdk` or `clientCredentials`.');
  const world = d.world;
  const source = sourceOf(world, a.from);
  const notes = d.notes;
  let request: HttpRequest;
  let sdk: SdkView | undefined;

  if (a.sdk) {
    const resolved = resolveSdkOptions(world, source, a.sdk, notes);
    sdk = { credential: 'ManagedIdentityCredential', snippet: snippet(a.sdk, resolved) };
    const built = sdkRequest(world, source, resolved, a.sdk.scopes);
    if ('error' in built) {
      sdk.error = built.error;
      return { summary: `The SDK threw before sending anything: ${built.error.message}`, sdk, trace: [] };
    }
    request = built;
  } else if (a.clientCredentials) {
    const app = findApp(world, a.clientCredentials.app);
    const secret = a.clientCredentials.clientSecret ?? app.passwordCredentials[app.passwordCredentials.length - 1]?.secretText ?? '';
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: app.appId, client_secret: secret, resource: a.clientCredentials.resource });
    request = { method: 'POST', url: `${LOGIN}/${world.tenant.id}/oauth2/token`, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: body.toString() };
  } else {
    request = expandEnvironment({ ...a.request!, headers: a.request!.headers ?? {} }, source ? environmentOf(world, source.id) : {}, notes);
    request = resolveQueryReferences(world, source, request, notes);
  }

  const answer = await send(d, source, request, notes);
  if (a.burst !== undefined && a.burst > IMDS_IDENTITY_RATE && answer.where.startsWith('IMDS') && answer.exchange.networkError === undefined) {
    // The first requests of the burst got the answer above; the last one is refused.
    answer.exchange = throttled(answer.exchange);
    answer.trace = [...answer.trace.filter((h) => h.from === 'code'), throttleHop()];
    answer.where = `IMDS on '${displayName(source!)}'`;
    // The first ones got their tokens (issued and kept); the answer shown carries none.
    if (answer.issued) d.world.lastToken = answer.issued.token.uti;
    delete answer.issued;
    notes.push(...throttleNotes(a.burst));
  }
  if (sdk) {
    const error = sdkError(answer.exchange);
    if (error) {
      sdk.error = error;
      notes.push(`The request, the retries and the error are those of ${SDK_LABEL} (MSAL Node inside); older 3.x releases word their errors differently.`);
    }
    const attempts = sdkAttempts(answer.exchange);
    if (attempts > 1) {
      sdk.attempts = attempts;
      notes.push(`The SDK sends this request ${attempts} times (${attempts - 1} retries with growing waits) before it throws; the sandbox shows the last answer.`);
    }
  }
  if (answer.issued) d.world.lastToken = answer.issued.token.uti;
  return {
    summary: summarize(answer),
    http: answer.exchange,
    trace: answer.trace,
    ...(answer.issued ? { token: { uti: answer.issued.token.uti, cached: answer.issued.cached } } : {}),
    ...(sdk ? { sdk } : {}),
  };
}
