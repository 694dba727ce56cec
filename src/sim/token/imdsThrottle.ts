// IMDS throttling (fact sheet §2, [D3][D15]): "Requests to the Managed Identity category are limited to
// 20 requests per second and 5 concurrent requests"; past that IMDS answers 429. The sandbox's clock
// counts whole seconds and stands still between steps, so a burst is one step: `burst: N` on a
// token.request means N copies of the request from the same VM within one second (N worker processes
// starting at once, each with its own SDK and so its own token cache). The first 20 are answered as
// usual; the learner sees the answer to the last one.
import { jsonResponse, type HttpExchange } from '../http.ts';
import type { Hop } from '../outcome.ts';

export const IMDS_IDENTITY_RATE = 20;

/** The answer to a request past the limit, from the same VM's IMDS. */
export function throttled(exchange: HttpExchange): HttpExchange {
  return {
    request: exchange.request,
    response: jsonResponse(429, { error: 'too_many_requests', error_description: 'Too many requests. The Managed Identity category allows 20 requests per second.' }, { Server: 'IMDS/150.870.65.512' }),
  };
}

export function throttleNotes(burst: number): string[] {
  return [
    `${burst} requests in one second: IMDS answered the first ${IMDS_IDENTITY_RATE} and refused the other ${burst - IMDS_IDENTITY_RATE} with 429 Too Many Requests; this is the answer to the last one.`,
    'Simplified: the limits are documented (20 requests a second and 5 at a time for managed identity, 5 a second for IMDS as a whole) but the 429 body is not on record; this body is the sandbox\'s, and it carries no Retry-After. Without Retry-After, @azure/identity does not retry a 429: getToken throws at once. Each process should get a token once and reuse it (the SDK caches it).',
  ];
}

export function throttleHop(): Hop {
  return { from: 'imds', to: 'code', label: '429 Too Many Requests', status: 429, ok: false };
}
