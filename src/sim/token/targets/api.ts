// Your own API: a simulated service that accepts tokens for an app registration, validating them the
// way an ASP.NET Core API with Microsoft.Identity.Web does: signature, lifetime, audience (the app ID URI
// or the client id), issuer, then the app role the call needs in the `roles` claim.
import type { Draft } from '../../draft.ts';
import { jsonResponse, textResponse, type HttpRequest } from '../../http.ts';
import { own } from '../../table.ts';
import type { Application, World } from '../../world.ts';
import { callBase, callerOf, inspect, principalNote, rejection, type TargetAnswer } from './common.ts';
import { request, sameAudience, type TargetService } from './service.ts';

/** JwtBearer prints times as MM/dd/yyyy HH:mm:ss. */
function aspNetTime(epoch: number): string {
  const t = new Date(epoch * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(t.getUTCMonth() + 1)}/${p(t.getUTCDate())}/${t.getUTCFullYear()} ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}:${p(t.getUTCSeconds())}`;
}

export async function api(d: Draft, app: Application, request: HttpRequest): Promise<TargetAnswer> {
  const inspection = await inspect(d.world, request.headers, { audiences: [...app.identifierUris, app.appId] });
  const base = callBase('api', inspection);
  const required = app.api!.requiredRole;
  if (inspection.failed) {
    const f = inspection.failed;
    const c = inspection.claims ?? {};
    const descriptions: Partial<Record<typeof f.name, string>> = {
      signature: 'The signature is invalid',
      algorithm: 'The signature is invalid',
      expiry: `The token expired at '${aspNetTime(Number(c.exp))}'`,
      notBefore: `The token is not valid before '${aspNetTime(Number(c.nbf))}'`,
      audience: `The audience '${String(c.aud ?? '')}' is invalid`,
      issuer: `The issuer '${String(c.iss ?? '')}' is invalid`,
    };
    const challenge = f.name === 'present' ? 'Bearer' : `Bearer error="invalid_token"${descriptions[f.name] ? `, error_description="${descriptions[f.name]}"` : ''}`;
    d.notes.push('Your API answers as ASP.NET Core\'s JwtBearer handler does: a 401 with an empty body and the reason in WWW-Authenticate.');
    return { response: textResponse(401, '', { 'WWW-Authenticate': challenge }), call: { ...base, reason: rejection(f) }, hops: [] };
  }
  const caller = callerOf(inspection.claims!);
  if (required) {
    const has = caller.roles.includes(required);
    const check = {
      name: 'role' as const,
      ok: has,
      detail: has
        ? `The roles claim includes '${required}'.`
        : `This call needs the app role '${required}'; the token's roles claim ${caller.roles.length ? `has only ${caller.roles.map((r) => `'${r}'`).join(', ')}` : 'is absent'}. Roles given after the token was issued appear only in a new token.`,
    };
    base.checks = [...base.checks, check];
    if (!has) return { response: textResponse(403), call: { ...base, operation: required, reason: rejection(check) + principalNote(d, caller.oid) }, hops: [] };
  }
  const body = { message: `Hello from ${app.displayName}.`, caller: { appid: caller.appid, oid: caller.oid }, roles: caller.roles };
  return {
    response: jsonResponse(200, body),
    call: { ...base, ...(required ? { operation: required } : {}), reason: (required ? `The token carries the app role '${required}' this call needs.` : 'Any valid token for this API is accepted.') + principalNote(d, caller.oid) },
    hops: [],
  };
}

const apis = (world: World) => Object.values(world.applications).filter((a) => a.api);
const apiAt = (world: World, url: URL) => apis(world).find((a) => url.href.toLowerCase().startsWith(a.api!.url.toLowerCase()));

export const API_SERVICE: TargetService = {
  words: { service: 'Your API', party: 'API', target: 'the API', picker: 'API' },
  named: true,
  kinds: [],
  serves: (world, url) => !!apiAt(world, url),
  handle: async (d, request, url) => api(d, apiAt(d.world, url)!, request),
  audience: (world, target) => {
    const app = own(world.applications, target.toLowerCase());
    return app?.identifierUris[0] ?? app?.appId ?? '';
  },
  accepts: (world, audience) => apis(world).some((a) => a.appId === audience || a.identifierUris.some((u) => sameAudience(u, audience))),
  operations: [{ id: 'get', label: 'Call the API (GET)', fields: [{ key: 'path', label: 'Path', initial: () => 'orders' }] }],
  available: (world) => apis(world).length > 0,
  targets: (world) => apis(world).map((a) => ({ id: a.appId, label: `${a.displayName} (${a.api!.url})` })),
  build(world, c) {
    const app = own(world.applications, c.target.toLowerCase());
    if (!app?.api) return null;
    const path = c.path.trim() ? `/${c.path.trim().replace(/^\/+/, '')}` : '';
    return request('GET', `${app.api.url}${path}`);
  },
};
