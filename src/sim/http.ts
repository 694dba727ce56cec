// HTTP as plain data: token requests and target calls are the exact requests code would send and the
// exact responses Azure would give, so the UI can show them byte for byte.

export interface HttpRequest {
  method: string;
  url: string;
  /** Header names as the caller wrote them; look-ups ignore case. */
  headers: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  /** The body exactly as sent (JSON or XML text). */
  body: string;
}

export interface HttpExchange {
  request: HttpRequest;
  /** Status 0 with no headers and no body when the request never got an answer (see networkError). */
  response: HttpResponse;
  /** Why no answer came, as Node reports it ("connect EHOSTUNREACH 169.254.169.254:80"). */
  networkError?: string;
}

export function header(headers: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === wanted) return v;
  return undefined;
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

export function statusText(status: number): string {
  return STATUS_TEXT[status] ?? '';
}

/** A JSON response; `body` is serialized exactly once so that byte counts (Content-Length) are real. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  const text = JSON.stringify(body);
  return {
    status,
    statusText: statusText(status),
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(new TextEncoder().encode(text).length), ...headers },
    body: text,
  };
}

/** An XML response (Storage's error and list bodies). */
export function xmlResponse(status: number, body: string, headers: Record<string, string> = {}): HttpResponse {
  return {
    status,
    statusText: statusText(status),
    headers: { 'Content-Type': 'application/xml', 'Content-Length': String(new TextEncoder().encode(body).length), ...headers },
    body,
  };
}

/** A body-less or plain response. */
export function textResponse(status: number, body = '', headers: Record<string, string> = {}): HttpResponse {
  return { status, statusText: statusText(status), headers: { 'Content-Length': String(new TextEncoder().encode(body).length), ...headers }, body };
}

/** A request that never reached a server: no status, no headers, no body. */
export function networkFailure(request: HttpRequest, message: string): HttpExchange {
  return { request, response: { status: 0, statusText: '', headers: {}, body: '' }, networkError: message };
}

/** The URL of a request, or null when it cannot be parsed. */
export function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** Form-encoded body fields (`application/x-www-form-urlencoded`), as the token endpoint reads them. */
export function formFields(body: string | undefined): Record<string, string> {
  return Object.assign(Object.create(null) as Record<string, string>, Object.fromEntries(new URLSearchParams(body ?? '')));
}

/** An RFC 7231 HTTP date ("Mon, 02 Mar 2026 09:00:00 GMT") on the simulated clock. */
export function httpDate(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toUTCString();
}
