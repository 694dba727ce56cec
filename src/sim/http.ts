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
  response: HttpResponse;
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
