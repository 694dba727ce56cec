// The App Service token service's older protocol, 2017-09-01 (fact sheet §2 "Legacy protocol"), which
// older SDKs and Linux Consumption plans still use: MSI_ENDPOINT and MSI_SECRET, the `secret` header,
// `clientid` to name a user-assigned identity, and `expires_on` as a date-time text rather than epoch
// seconds. The same service answers it: the request is checked with the old names, then handled as
// its 2019-08-01 equivalent, and a token comes back in the old shape.
import type { Draft } from '../draft.ts';
import { header, jsonResponse, type HttpRequest } from '../http.ts';
import type { SourceResource } from '../world.ts';
import type { EndpointAnswer } from './imds.ts';

export const LEGACY_API_VERSION = '2017-09-01';

/** "06/19/2019 23:42:01 +00:00": what App Service on Linux returns (Windows adds AM/PM). */
export function legacyExpiresOn(epoch: number): string {
  const t = new Date(epoch * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(t.getUTCMonth() + 1)}/${p(t.getUTCDate())}/${t.getUTCFullYear()} ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}:${p(t.getUTCSeconds())} +00:00`;
}

type Current = (d: Draft, app: SourceResource, request: HttpRequest, url: URL) => Promise<EndpointAnswer>;

export async function appService2017(d: Draft, app: SourceResource, request: HttpRequest, url: URL, current: Current): Promise<EndpointAnswer> {
  // Translate to the current protocol: the secret travels in X-IDENTITY-HEADER, clientid in client_id.
  const secret = header(request.headers, 'secret');
  const q = new URLSearchParams(url.search);
  q.set('api-version', '2019-08-01');
  const clientId = q.get('clientid');
  q.delete('clientid');
  // Only clientid names an identity in this version; the newer parameters mean nothing to it.
  for (const newer of ['client_id', 'principal_id', 'object_id', 'mi_res_id']) q.delete(newer);
  if (clientId !== null) q.set('client_id', clientId);
  const headers = Object.fromEntries(Object.entries(request.headers).filter(([k]) => k.toLowerCase() !== 'secret' && k.toLowerCase() !== 'x-identity-header'));
  const translated: HttpRequest = { ...request, url: `${url.origin}${url.pathname}?${q}`, headers: secret === undefined ? headers : { ...headers, 'X-IDENTITY-HEADER': secret } };
  const answer = await current(d, app, translated, new URL(translated.url));
  let response = answer.exchange.response;
  const notes = [...answer.notes];
  if (response.status === 200) {
    const body = JSON.parse(response.body) as { access_token: string; expires_on: string; resource: string; token_type: string };
    response = jsonResponse(200, { access_token: body.access_token, expires_on: legacyExpiresOn(Number(body.expires_on)), resource: body.resource, token_type: body.token_type }, { Server: 'Kestrel' });
    notes.push('The 2017-09-01 protocol returns expires_on as a date and time in UTC ("MM/dd/yyyy HH:mm:ss +00:00" on Linux), not epoch seconds, and no client_id: SDKs that still use it parse that text.');
  } else if (secret === undefined) {
    notes.push('The 2017-09-01 protocol sends the value of MSI_SECRET in a header named `secret` (not X-IDENTITY-HEADER).');
  }
  return { ...answer, exchange: { request, response }, notes };
}
