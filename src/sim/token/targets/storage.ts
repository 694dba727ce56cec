// Blob storage, https://<account>.blob.core.windows.net (fact sheet §4 "Azure Storage"): read, write and
// list blobs with an Entra token. Errors are XML with an x-ms-error-code header; data access needs a
// Storage Blob Data role (Owner and Contributor manage the account but read no data).
import { own } from '../../table.ts';
import type { Draft } from '../../draft.ts';
import { header, httpDate, textResponse, xmlResponse, type HttpRequest, type HttpResponse } from '../../http.ts';
import type { Hop } from '../../outcome.ts';
import { checkAccess } from '../../rbac.ts';
import type { StorageAccount, World } from '../../world.ts';
import { callBase, callerOf, inspect, principalNote, rejection, type TargetAnswer } from './common.ts';
import { request, resourcesOf, sameAudience, type Field, type TargetService } from './service.ts';

const SERVER = 'Windows-Azure-Blob/1.0 Microsoft-HTTPAPI/2.0';
/** The oldest x-ms-version that accepts a bearer token. */
const FIRST_OAUTH_VERSION = '2017-11-09';
const BLOBS = 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs';

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Storage's time format in error messages: seven fractional digits. */
const storageTime = (epoch: number) => new Date(epoch * 1000).toISOString().replace(/\.\d{3}Z$/, '.0000000Z');

function baseHeaders(d: Draft, request: HttpRequest): Record<string, string> {
  const version = header(request.headers, 'x-ms-version');
  return { Server: SERVER, 'x-ms-request-id': d.guid(), ...(version ? { 'x-ms-version': version } : {}), Date: httpDate(d.world.now) };
}

function storageError(d: Draft, request: HttpRequest, status: number, code: string, message: string, detail?: string, extra: Record<string, string> = {}): HttpResponse {
  const hs = baseHeaders(d, request);
  const body = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}\nRequestId:${hs['x-ms-request-id']}\nTime:${storageTime(d.world.now)}</Message>${detail ? `<AuthenticationErrorDetail>${detail}</AuthenticationErrorDetail>` : ''}</Error>`;
  return xmlResponse(status, body, { ...extra, ...hs, 'x-ms-error-code': code });
}

/** A blob's ETag, derived from its last write so that replays stay byte-identical. */
const etag = (updatedAt: number) => `"0x8D${updatedAt.toString(16).toUpperCase().padStart(13, '0')}"`;

const AUTH_MESSAGE = 'Server failed to authenticate the request. Please refer to the information in the www-authenticate header.';

export async function storage(d: Draft, sa: StorageAccount, request: HttpRequest, url: URL): Promise<TargetAnswer> {
  const world = d.world;
  const hops: Hop[] = [];
  const method = request.method.toUpperCase();
  const challenge = { 'WWW-Authenticate': `Bearer authorization_uri=https://login.microsoftonline.com/${world.tenant.id}/oauth2/authorize resource_id=https://storage.azure.com` };
  const host = `https://${sa.name.toLowerCase()}.blob.core.windows.net`;
  const inspection = await inspect(world, request.headers, { audiences: ['https://storage.azure.com', 'https://storage.azure.com/', host, `${host}/`] });
  const base = callBase('storage', inspection, sa.id);

  if (inspection.failed?.name === 'present') {
    return { response: storageError(d, request, 401, 'NoAuthenticationInformation', AUTH_MESSAGE, undefined, challenge), call: { ...base, reason: rejection(inspection.failed) }, hops };
  }
  // The version header decides whether the bearer scheme is understood at all.
  const version = header(request.headers, 'x-ms-version');
  if (!version || version < FIRST_OAUTH_VERSION) {
    return {
      response: storageError(d, request, 403, 'AuthenticationFailed', 'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.', 'Authentication scheme Bearer is not supported in this version.'),
      call: { ...base, checks: base.checks, reason: `Storage accepts Entra tokens only from x-ms-version ${FIRST_OAUTH_VERSION} on; the request sends ${version ? `'${version}'` : 'no x-ms-version header'}.` },
      hops,
    };
  }
  if (inspection.failed) {
    const f = inspection.failed;
    const details: Partial<Record<typeof f.name, string>> = {
      audience: 'Audience validation failed. Audience did not match.',
      expiry: 'Lifetime validation failed. The token is expired.',
      notBefore: 'Lifetime validation failed. The token is not yet valid.',
      issuer: 'Issuer validation failed. Issuer did not match.',
      signature: 'Signature validation failed.',
      algorithm: 'Signature validation failed.',
      format: 'The token is malformed.',
    };
    if (f.name !== 'audience' && f.name !== 'expiry') d.notes.push('Simplified: Storage\'s AuthenticationErrorDetail for this token fault is not on record; the code and challenge are Storage\'s, the detail is the sandbox\'s.');
    return { response: storageError(d, request, 401, 'InvalidAuthenticationInfo', AUTH_MESSAGE, details[f.name], challenge), call: { ...base, reason: rejection(f) }, hops };
  }

  const caller = callerOf(inspection.claims!);
  const [, container = '', ...rest] = url.pathname.split('/');
  const blobName = decodeURIComponent(rest.join('/'));
  const listing = method === 'GET' && !blobName && url.searchParams.get('restype') === 'container' && url.searchParams.get('comp') === 'list';
  const reading = method === 'GET' && !!blobName;
  const writing = method === 'PUT' && !!blobName;
  if (!container || !(listing || reading || writing)) {
    d.notes.push('Simplified: the sandbox\'s blob service serves GET and PUT of a blob and listing a container (?restype=container&comp=list).');
    return { response: storageError(d, request, 400, 'UnsupportedHttpVerb', 'The resource doesn\'t support specified Http Verb.'), call: { ...base, reason: 'The sandbox does not model this Storage operation.' }, hops };
  }
  if (writing && header(request.headers, 'x-ms-blob-type') === undefined) {
    return { response: storageError(d, request, 400, 'MissingRequiredHeader', 'An HTTP header that\'s mandatory for this request is not specified.'), call: { ...base, reason: 'A blob upload needs the x-ms-blob-type header (BlockBlob).' }, hops };
  }
  const operation = `${BLOBS}/${writing ? 'write' : 'read'}`;
  const scope = `${sa.id}/blobServices/default/containers/${container}`;
  hops.push({ from: 'target', to: 'rbac', label: `may ${caller.oid.slice(0, 8)}… blobs/${writing ? 'write' : 'read'}?`, ok: true });
  const decision = checkAccess(world, caller.oid, operation, scope, true);
  hops.push({ from: 'rbac', to: 'target', label: decision.allowed ? `allowed by ${decision.granted!.roleName}` : 'no data role', ok: decision.allowed });
  const call = { ...base, operation, decision, reason: decision.reason + principalNote(d, caller.oid) };
  if (!decision.allowed) {
    return { response: storageError(d, request, 403, 'AuthorizationPermissionMismatch', 'This request is not authorized to perform this operation using this permission.'), call, hops };
  }

  const c = own(sa.containers, container);
  if (!c) return { response: storageError(d, request, 404, 'ContainerNotFound', 'The specified container does not exist.'), call: { ...call, reason: `${call.reason} But the container '${container}' does not exist.` }, hops };
  if (listing) {
    const blobs = Object.values(c.blobs)
      .map((b) => `<Blob><Name>${escapeXml(b.name)}</Name><Properties><Last-Modified>${httpDate(b.updatedAt)}</Last-Modified><Etag>${etag(b.updatedAt)}</Etag><Content-Length>${new TextEncoder().encode(b.content).length}</Content-Length><BlobType>BlockBlob</BlobType></Properties></Blob>`)
      .join('');
    const body = `<?xml version="1.0" encoding="utf-8"?><EnumerationResults ServiceEndpoint="${host}/" ContainerName="${escapeXml(container)}"><Blobs>${blobs}</Blobs><NextMarker /></EnumerationResults>`;
    return { response: xmlResponse(200, body, baseHeaders(d, request)), call, hops };
  }
  if (reading) {
    const b = own(c.blobs, blobName);
    if (!b) return { response: storageError(d, request, 404, 'BlobNotFound', 'The specified blob does not exist.'), call: { ...call, reason: `${call.reason} But the blob '${blobName}' does not exist.` }, hops };
    return {
      response: textResponse(200, b.content, { 'Content-Type': 'application/octet-stream', ETag: etag(b.updatedAt), 'Last-Modified': httpDate(b.updatedAt), 'x-ms-blob-type': 'BlockBlob', ...baseHeaders(d, request) }),
      call,
      hops,
    };
  }
  const blob = { name: blobName, content: request.body ?? '', updatedAt: world.now };
  const next: StorageAccount = { ...sa, containers: { ...sa.containers, [container]: { ...c, blobs: { ...c.blobs, [blobName]: blob } } } };
  d.table('resources')[sa.id.toLowerCase()] = next;
  d.mark('changed', sa.id);
  return {
    response: textResponse(201, '', { ETag: etag(world.now), 'Last-Modified': httpDate(world.now), 'x-ms-request-server-encrypted': 'true', ...baseHeaders(d, request) }),
    call,
    hops,
  };
}

const ACCOUNT_HOST = /^([a-z0-9]+)\.blob\.core\.windows\.net$/;
const STORAGE_AUDIENCE = 'https://storage.azure.com/';
const accountOf = (world: World, id: string) => {
  const r = own(world.resources, id.toLowerCase());
  return r?.kind === 'storageAccount' ? r : undefined;
};
const containerField: Field = {
  key: 'container',
  label: 'Container',
  choices: (world, c) => Object.keys(accountOf(world, c.target)?.containers ?? {}).map((id) => ({ id, label: id })),
  none: 'No containers: create one on the account',
};
const blobName: Field = { key: 'name', label: 'Blob name', initial: (world, c) => Object.keys(accountOf(world, c.target)?.containers[c.container]?.blobs ?? {})[0] ?? '' };
const blobPath = (name: string) => name.split('/').map(encodeURIComponent).join('/');

export const STORAGE: TargetService = {
  words: { service: 'Blob storage', party: 'Storage account', target: 'the storage account', picker: 'Storage account' },
  firstParty: { resources: { 'https://storage.azure.com/': 'Azure Storage' } },
  named: true,
  kinds: ['storageAccount'],
  serves: (_world, url) => ACCOUNT_HOST.test(url.hostname.toLowerCase()),
  async handle(d, request, url) {
    const name = ACCOUNT_HOST.exec(url.hostname.toLowerCase())![1];
    const sa = Object.values(d.world.resources).find((r) => r.kind === 'storageAccount' && r.name.toLowerCase() === name);
    return sa?.kind === 'storageAccount' ? storage(d, sa, request, url) : `getaddrinfo ENOTFOUND ${url.hostname.toLowerCase()}`;
  },
  audience: () => STORAGE_AUDIENCE,
  accepts: (_world, audience) => sameAudience(audience, STORAGE_AUDIENCE),
  host: (world, id) => accountOf(world, id) && new URL(accountOf(world, id)!.blobEndpoint).host,
  operations: [
    { id: 'read', label: 'Read a blob', fields: [containerField, blobName] },
    { id: 'write', label: 'Write a blob', fields: [containerField, blobName, { key: 'value', label: 'Content' }] },
    { id: 'list', label: 'List the blobs of a container', fields: [containerField] },
  ],
  available: (world) => Object.values(world.resources).some((r) => r.kind === 'storageAccount'),
  targets: (world) => resourcesOf(world, 'storageAccount'),
  build(world, c) {
    const sa = accountOf(world, c.target);
    if (!sa || !c.container) return null;
    const version = { 'x-ms-version': '2021-08-06' };
    if (c.op === 'list') return request('GET', `${sa.blobEndpoint}${encodeURIComponent(c.container)}?restype=container&comp=list`, version);
    if (!c.name) return null;
    const url = `${sa.blobEndpoint}${encodeURIComponent(c.container)}/${blobPath(c.name)}`;
    if (c.op === 'write') return request('PUT', url, { ...version, 'x-ms-blob-type': 'BlockBlob', 'Content-Type': 'text/plain; charset=utf-8' }, c.value);
    return request('GET', url, version);
  },
};
