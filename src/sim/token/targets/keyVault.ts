// Key Vault's data plane, https://<vault>.vault.azure.net (fact sheet §4 "Key Vault"): get, set and list
// secrets; 401s with Key Vault's codes and challenge; 403s for the RBAC and the access-policy models.
import { own, withEntry } from '../../table.ts';
import type { Draft } from '../../draft.ts';
import { jsonResponse, type HttpRequest, type HttpResponse } from '../../http.ts';
import type { CallResult, Hop } from '../../outcome.ts';
import { checkAccess } from '../../rbac.ts';
import type { KeyVault, SecretPermission, World } from '../../world.ts';
import { callBase, type Caller, callerOf, inspect, principalNote, rejection, type TargetAnswer } from './common.ts';
import { request, resourcesOf, sameAudience, type Field, type TargetService } from './service.ts';

export const VAULT_AUDIENCE = 'https://vault.azure.net';

interface Operation {
  name: string;
  dataAction: string;
  permission: SecretPermission;
  secret?: string;
  version?: string;
}

function operationOf(method: string, path: string): Operation | null {
  const m = /^\/secrets(?:\/([^/]+)(?:\/([^/]+))?)?\/?$/i.exec(path);
  if (!m) return null;
  const [, secret, version] = m;
  if (method === 'GET' && !secret) return { name: 'list secrets', dataAction: 'Microsoft.KeyVault/vaults/secrets/readMetadata/action', permission: 'list' };
  if (method === 'GET') return { name: 'get secret', dataAction: 'Microsoft.KeyVault/vaults/secrets/getSecret/action', permission: 'get', secret: decodeURIComponent(secret!), ...(version ? { version } : {}) };
  if (method === 'PUT' && secret && !version) return { name: 'set secret', dataAction: 'Microsoft.KeyVault/vaults/secrets/setSecret/action', permission: 'set', secret: decodeURIComponent(secret) };
  return null;
}

function headers(d: Draft, kv: KeyVault): Record<string, string> {
  return { 'x-ms-keyvault-region': kv.location, 'x-ms-request-id': d.guid(), 'x-ms-keyvault-service-version': '1.9.2069.1' };
}

function error(d: Draft, kv: KeyVault, status: number, code: string, message: string, inner?: string, extra: Record<string, string> = {}): HttpResponse {
  return jsonResponse(status, { error: { code, message, ...(inner ? { innererror: { code: inner } } : {}) } }, { ...extra, ...headers(d, kv) });
}

/** Key Vault's Caller string: appid, oid, iss, and for a managed identity xms_mirid and xms_az_rid ([P4]). */
function callerString(c: Caller, withResourceIds = true): string {
  const ids = withResourceIds ? `${c.mirid ? `;xms_mirid=${c.mirid}` : ''}${c.azRid ? `;xms_az_rid=${c.azRid}` : ''}` : '';
  return `appid=${c.appid};oid=${c.oid};iss=${c.iss}${ids}`;
}

function secretBundle(kv: KeyVault, name: string, withValue: boolean) {
  const s = own(kv.secrets, name)!;
  const base = `https://${kv.name.toLowerCase()}.vault.azure.net/secrets/${name}`;
  const attributes = { enabled: true, created: s.updatedAt, updated: s.updatedAt, recoveryLevel: 'Recoverable+Purgeable', recoverableDays: 90 };
  return withValue ? { value: s.value, id: `${base}/${s.version}`, attributes } : { id: base, attributes };
}

export async function keyVault(d: Draft, kv: KeyVault, request: HttpRequest, url: URL): Promise<TargetAnswer> {
  const world = d.world;
  const hops: Hop[] = [];
  const method = request.method.toUpperCase();
  const inspection = await inspect(world, request.headers, { audiences: [VAULT_AUDIENCE] });
  const base = callBase('keyVault', inspection, kv.id);
  const challenge = { 'WWW-Authenticate': `Bearer authorization="https://login.windows.net/${world.tenant.id}", resource="${VAULT_AUDIENCE}"` };

  if (inspection.failed) {
    const f = inspection.failed;
    const aud = String(inspection.claims?.aud ?? '');
    let message: string;
    let simplified = false;
    switch (f.name) {
      case 'present':
        message = 'AKV10000: Request is missing a Bearer or PoP token.';
        break;
      case 'audience':
        message = `AKV10022: Invalid audience. Expected ${VAULT_AUDIENCE}, found: ${aud}.`;
        break;
      case 'expiry':
        message = "[TokenExpired] Error validating token: 'S2S12086'.";
        break;
      case 'issuer':
        message = `AKV10032: Invalid issuer. Expected one of https://sts.windows.net/${world.tenant.id}/, found ${String(inspection.claims?.iss ?? '')}.`;
        break;
      default:
        simplified = true;
        message = `[${f.name === 'notBefore' ? 'TokenNotYetValid' : 'InvalidToken'}] Error validating token: ${f.detail}`;
    }
    if (simplified) d.notes.push('Simplified: Key Vault\'s exact message for this token fault is not on record; the code and challenge are Key Vault\'s, the message is the sandbox\'s.');
    return { response: error(d, kv, 401, 'Unauthorized', message, undefined, challenge), call: { ...base, reason: rejection(f) }, hops };
  }

  const caller = callerOf(inspection.claims!);
  if (!url.searchParams.get('api-version')) {
    d.notes.push('Simplified: the wording of Key Vault\'s missing api-version error is the sandbox\'s.');
    return { response: error(d, kv, 400, 'BadParameter', 'The api-version query parameter is required (for example api-version=7.4).'), call: { ...base, reason: 'The request has no api-version.' }, hops };
  }
  const op = operationOf(method, url.pathname);
  if (!op) {
    d.notes.push('Simplified: the sandbox\'s Key Vault serves GET /secrets, GET /secrets/<name>[/<version>] and PUT /secrets/<name>.');
    return { response: error(d, kv, 400, 'BadParameter', `The request ${method} ${url.pathname} is not supported.`), call: { ...base, reason: 'The sandbox does not model this Key Vault operation.' }, hops };
  }
  const scope = op.secret ? `${kv.id}/secrets/${op.secret}` : kv.id;
  const who = principalNote(d, caller.oid);

  // Authorization: the vault's permission model decides which evidence counts.
  let call: CallResult;
  if (kv.enableRbacAuthorization) {
    hops.push({ from: 'target', to: 'rbac', label: `may ${caller.oid.slice(0, 8)}… ${op.dataAction.split('/').slice(-2).join('/')}?`, ok: true });
    const decision = checkAccess(world, caller.oid, op.dataAction, scope, true);
    hops.push({ from: 'rbac', to: 'target', label: decision.allowed ? `allowed by ${decision.granted!.roleName}` : 'no matching role assignment', ok: decision.allowed });
    call = { ...base, operation: op.dataAction, decision, reason: decision.reason + who };
    if (!decision.allowed) {
      const message =
        'Caller is not authorized to perform action on resource.\r\nIf role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\r\n' +
        `Caller: ${callerString(caller)}\r\nAction: '${op.dataAction}'\r\nResource: '${scope.toLowerCase()}'\r\nAssignment: (not found)\r\nDenyAssignmentId: null\r\nDecisionReason: 'DeniedWithNoValidRBAC' \r\nVault: ${kv.name};location=${kv.location}\r\n`;
      return { response: error(d, kv, 403, 'Forbidden', message, 'ForbiddenByRbac'), call, hops };
    }
  } else {
    const policy = kv.accessPolicies.find((p) => p.objectId === caller.oid);
    const allowed = !!policy?.permissions.secrets.includes(op.permission);
    const reason = allowed
      ? `The vault uses access policies, and the caller's policy includes secrets '${op.permission}'.`
      : policy
        ? `The vault uses access policies; the caller's policy does not include secrets '${op.permission}' (it has ${policy.permissions.secrets.join(', ') || 'nothing'}).`
        : 'The vault uses access policies and the caller is on none of them. Role assignments (even Key Vault Secrets User) are ignored in this permission model.';
    hops.push({ from: 'target', to: 'target', label: `access policy: secrets ${op.permission}?`, ok: allowed });
    call = { ...base, operation: op.dataAction, accessPolicy: { allowed, permission: op.permission, reason }, reason: reason + who };
    if (!allowed) {
      const message = `The user, group or application '${callerString(caller, false)}' does not have secrets ${op.permission} permission on key vault '${kv.name};location=${kv.location}'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287`;
      return { response: error(d, kv, 403, 'Forbidden', message, 'AccessDenied'), call, hops };
    }
  }

  // The operation itself.
  if (op.permission === 'list') {
    const value = Object.keys(kv.secrets).map((n) => secretBundle(kv, n, false));
    return { response: jsonResponse(200, { value, nextLink: null }, headers(d, kv)), call, hops };
  }
  const name = Object.keys(kv.secrets).find((n) => n.toLowerCase() === op.secret!.toLowerCase());
  if (op.permission === 'get') {
    const s = name ? own(kv.secrets, name) : undefined;
    if (!s || (op.version && op.version !== s.version)) {
      const ref = op.version ? `${op.secret}/${op.version}` : op.secret;
      return {
        response: error(d, kv, 404, 'SecretNotFound', `A secret with (name/id) ${ref} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182`),
        call: { ...call, reason: `${call.reason} But the vault has no such secret.` },
        hops,
      };
    }
    return { response: jsonResponse(200, secretBundle(kv, name!, true), headers(d, kv)), call, hops };
  }
  // set
  let value: unknown;
  try {
    value = (JSON.parse(request.body ?? '') as { value?: unknown }).value;
  } catch {
    value = undefined;
  }
  if (typeof value !== 'string') {
    d.notes.push('Simplified: the wording of this 400 is the sandbox\'s.');
    return { response: error(d, kv, 400, 'BadParameter', 'The request body must be JSON with a string "value".'), call: { ...call, reason: 'The request body has no secret value.' }, hops };
  }
  const secretName = name ?? op.secret!;
  const version = Array.from(d.bytes(16), (b) => b.toString(16).padStart(2, '0')).join('');
  const next: KeyVault = { ...kv, secrets: withEntry(kv.secrets, secretName, { name: secretName, value, version, updatedAt: world.now }) };
  d.table('resources')[kv.id.toLowerCase()] = next;
  d.mark('changed', kv.id);
  return { response: jsonResponse(200, secretBundle(next, secretName, true), headers(d, kv)), call, hops };
}

const VAULT_HOST = /^([a-z0-9-]+)\.vault\.azure\.net$/;
const vaultOf = (world: World, id: string) => {
  const r = own(world.resources, id.toLowerCase());
  return r?.kind === 'keyVault' ? r : undefined;
};
const secretName: Field = { key: 'name', label: 'Secret name', initial: (world, c) => Object.keys(vaultOf(world, c.target)?.secrets ?? {})[0] ?? '' };

export const KEY_VAULT: TargetService = {
  words: { service: 'Key Vault', party: 'Key vault', target: 'the key vault', picker: 'Vault' },
  firstParty: { resources: { 'https://vault.azure.net': 'Azure Key Vault' } },
  named: true,
  kinds: ['keyVault'],
  serves: (_world, url) => VAULT_HOST.test(url.hostname.toLowerCase()),
  async handle(d, request, url) {
    const name = VAULT_HOST.exec(url.hostname.toLowerCase())![1];
    const kv = Object.values(d.world.resources).find((r) => r.kind === 'keyVault' && r.name.toLowerCase() === name);
    return kv?.kind === 'keyVault' ? keyVault(d, kv, request, url) : `getaddrinfo ENOTFOUND ${url.hostname.toLowerCase()}`;
  },
  audience: () => VAULT_AUDIENCE,
  accepts: (_world, audience) => sameAudience(audience, VAULT_AUDIENCE),
  host: (world, id) => vaultOf(world, id) && new URL(vaultOf(world, id)!.vaultUri).host,
  operations: [
    { id: 'get', label: 'Get a secret', fields: [secretName] },
    { id: 'set', label: 'Set a secret', fields: [secretName, { key: 'value', label: 'Secret value' }] },
    { id: 'list', label: 'List secrets', fields: [] },
  ],
  available: (world) => Object.values(world.resources).some((r) => r.kind === 'keyVault'),
  targets: (world) => resourcesOf(world, 'keyVault'),
  build(world, c) {
    const kv = vaultOf(world, c.target);
    if (!kv) return null;
    const secrets = `${kv.vaultUri}secrets`;
    if (c.op === 'list') return request('GET', `${secrets}?api-version=7.4`);
    if (!c.name) return null;
    if (c.op === 'set') return request('PUT', `${secrets}/${encodeURIComponent(c.name)}?api-version=7.4`, { 'Content-Type': 'application/json' }, JSON.stringify({ value: c.value }));
    return request('GET', `${secrets}/${encodeURIComponent(c.name)}?api-version=7.4`);
  },
};
