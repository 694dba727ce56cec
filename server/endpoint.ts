// The local endpoint: an HTTPS server on loopback that answers the learner's unchanged code the way the
// managed identity endpoints and the services of the simulated world would, and a CONNECT proxy (also
// on loopback) that lets SDKs keep their real service addresses (https://kv-demo-1.vault.azure.net):
// the tunnel ends here, inside this process, and is answered from the simulation. Nothing is ever
// forwarded to the network: a tunnel to any other host is refused.
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { formatDuration, parseAction, parseScenario } from '../src/sim/index.ts';
import type { SandboxEvent } from '../src/machine/sandbox.ts';
import type { SharedSandbox } from '../src/persist/saved.ts';
import type { Certificate } from './certificate.ts';
import { isSimulatedHost, route, type Incoming } from './routes.ts';
import { EndpointSandbox, type Broadcast, type EventOrigin } from './sandbox.ts';
import { IMDS_IDENTITY_RATE } from '../src/sim/token/imdsThrottle.ts';
import { serveApp } from './static.ts';
import { settleSeconds } from './world.ts';

export interface EndpointOptions {
  sandbox: SharedSandbox;
  /** The resource the learner's code runs as (an ARM id). */
  as: string;
  certificate: Certificate;
  /** 0 picks a free port. */
  port?: number;
  /** 0 picks a free port; by default the port after `port` (or a free one). */
  proxyPort?: number;
  /** The built app to serve at / (the `dist` folder), or undefined for none. */
  appDir?: string;
  /** Requests per second the endpoint accepts before answering 429 (a guard, not Azure's throttling). */
  rate?: number;
  /** The rate guard's clock in ms (Date.now by default; tests pin it so a busy machine answers the same). */
  rateClock?: () => number;
  /**
   * 'now' (the default): move the sandbox clock forward to today first, so tokens are valid for the real
   * clocks of the code that checks them; 'scenario': keep the scenario's own time.
   */
  clock?: 'now' | 'scenario';
}

export interface Endpoint {
  /** What the endpoint did to the world before its first answer, in words (clock moved, roles settled). */
  prepared: string[];
  origin: string;
  port: number;
  proxyUrl: string;
  sandbox: EndpointSandbox;
  as: string;
  close(): Promise<void>;
}

/** The most a request body may hold (the simulation's own limit for a request body). */
export const MAX_BODY = 64 * 1024;
const MAX_LIVE_PAGES = 8;
const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** The host name of a Host header value, lower-cased, without the port. */
export function hostName(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  return h.split(':')[0];
}

export function isLoopbackHost(host: string | undefined): boolean {
  const name = hostName(host);
  return name !== undefined && LOOPBACK_NAMES.has(name);
}

/** A token bucket: `rate` requests a second, bursts up to twice that. */
function limiter(rate: number, clock: () => number) {
  let tokens = rate * 2;
  let at = clock();
  return () => {
    const now = clock();
    tokens = Math.min(rate * 2, tokens + ((now - at) / 1000) * rate);
    at = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store', ...headers });
  res.end(text);
}

/** Header names as the client wrote them (Node lower-cases `req.headers`). */
function rawHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    const value = req.rawHeaders[i + 1]!;
    const existing = Object.keys(out).find((k) => k.toLowerCase() === name.toLowerCase());
    if (existing) out[existing] = `${out[existing]}, ${value}`;
    else out[name] = value;
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY) return resolve(null);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** A sandbox event from a page, checked like any untrusted input. */
function parseEvent(input: unknown): SandboxEvent | string {
  if (typeof input !== 'object' || input === null || typeof (input as { type?: unknown }).type !== 'string') return 'not a sandbox event';
  const e = input as Record<string, unknown>;
  switch (e.type) {
    case 'UNDO':
    case 'REDO':
    case 'RESET':
      return { type: e.type };
    case 'JUMP':
      return Number.isInteger(e.cursor) && (e.cursor as number) >= 0 ? { type: 'JUMP', cursor: e.cursor as number } : 'JUMP needs a cursor';
    case 'ACT': {
      const parsed = parseAction(e.action);
      return parsed.ok ? { type: 'ACT', action: parsed.action } : parsed.problem;
    }
    case 'LOAD': {
      const parsed = parseScenario(e.scenario);
      if (!parsed.ok) return parsed.problem;
      const int = (x: unknown) => (Number.isInteger(x) && (x as number) >= 0 ? (x as number) : undefined);
      const base = int(e.base);
      const cursor = int(e.cursor);
      return { type: 'LOAD', scenario: parsed.scenario, ...(base !== undefined ? { base } : {}), ...(cursor !== undefined ? { cursor } : {}) };
    }
    default:
      return `unknown event ${String(e.type).slice(0, 40)}`;
  }
}

const MAX_ADVANCE = 366 * 24 * 3600;

/**
 * Steps the endpoint takes before it answers, each an ordinary action in the history (undoable in the
 * browser): the clock moves to today, then on until the scenario's role assignments have propagated.
 */
async function prepare(sandbox: EndpointSandbox, clock: 'now' | 'scenario'): Promise<string[]> {
  const notes: string[] = [];
  const origin: EventOrigin = { kind: 'endpoint', userAgent: 'npm run endpoint' };
  const behind = Math.floor(Date.now() / 1000) - sandbox.world.now;
  if (clock === 'now' && behind > 60) {
    const seconds = Math.min(behind, MAX_ADVANCE);
    await sandbox.act({ type: 'clock.advance', seconds }, origin);
    notes.push(`The sandbox clock was moved forward ${formatDuration(seconds)}, to today, so the tokens it issues are valid for the real clocks of the code that checks them. From here it moves only when you advance it in the browser.`);
  } else if (clock === 'now' && behind < -60) {
    notes.push('The scenario starts in the future: the tokens it issues are not yet valid for a real clock.');
  }
  const settle = settleSeconds(sandbox.world);
  if (settle > 0) {
    await sandbox.act({ type: 'clock.advance', seconds: settle }, origin);
    notes.push(`The sandbox clock was advanced ${formatDuration(settle)} more so that the scenario's role assignments have taken effect.`);
  }
  return notes;
}

export async function startEndpoint(options: EndpointOptions): Promise<Endpoint> {
  const sandbox = new EndpointSandbox(options.sandbox);
  await sandbox.ready();
  const as = options.as;
  const prepared = await prepare(sandbox, options.clock ?? 'now');
  const allow = limiter(options.rate ?? 50, options.rateClock ?? Date.now);
  const pages = new Set<ServerResponse>();
  let origin = '';
  let imdsWindow = { second: 0, count: 0 };

  const unsubscribe = sandbox.subscribe((b: Broadcast) => {
    const text = `data: ${JSON.stringify({ type: 'event', ...b })}\n\n`;
    for (const page of pages) page.write(text);
  });

  /** Is this a request the page of this endpoint made? (Loopback Host is checked before.) */
  function sameOrigin(req: IncomingMessage, required: boolean): boolean {
    const o = req.headers.origin;
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin') return false;
    if (o === undefined) return !required;
    try {
      const u = new URL(o);
      return u.protocol === 'https:' && isLoopbackHost(u.host) && u.port === String(new URL(origin).port);
    } catch {
      return false;
    }
  }

  async function live(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    if (path === '/live/events' && req.method === 'GET') {
      if (!sameOrigin(req, false)) {
        sendJson(res, 403, { error: 'ForeignOrigin', message: 'The live channel answers only pages served by this endpoint.' });
        return true;
      }
      if (pages.size >= MAX_LIVE_PAGES) {
        sendJson(res, 503, { error: 'TooManyPages', message: `At most ${MAX_LIVE_PAGES} pages may follow the endpoint at once.` });
        return true;
      }
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      const hello = await sandbox.hello();
      res.write(`data: ${JSON.stringify({ type: 'hello', ...hello, as, origin })}\n\n`);
      pages.add(res);
      const beat = setInterval(() => res.write(': still here\n\n'), 15_000);
      req.on('close', () => {
        clearInterval(beat);
        pages.delete(res);
      });
      return true;
    }
    if (path === '/live/send' && req.method === 'POST') {
      if (!sameOrigin(req, true)) {
        sendJson(res, 403, { error: 'ForeignOrigin', message: 'The live channel takes changes only from pages served by this endpoint.' });
        return true;
      }
      const body = await readBody(req);
      if (body === null) return sendJson(res, 413, { error: 'TooLarge', message: `A change may be at most ${MAX_BODY} bytes.` }), true;
      let data: unknown;
      try {
        data = JSON.parse(body);
      } catch {
        return sendJson(res, 400, { error: 'NotJson', message: 'The change is not JSON.' }), true;
      }
      const event = parseEvent(data);
      if (typeof event === 'string') return sendJson(res, 400, { error: 'InvalidEvent', message: event }), true;
      await sandbox.send(event, { kind: 'browser' });
      res.writeHead(204, { 'Cache-Control': 'no-store' }).end();
      return true;
    }
    return false;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, tunnelHost?: string): Promise<void> {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    const host = req.headers.host;
    if (tunnelHost === undefined && !isLoopbackHost(host)) {
      // DNS rebinding: a page on another name that resolves here must get nothing.
      return sendJson(res, 421, { error: 'MisdirectedRequest', message: `This endpoint answers only requests addressed to 127.0.0.1 or localhost, not '${String(host).slice(0, 100)}'.` });
    }
    if (tunnelHost !== undefined && hostName(host) !== tunnelHost) {
      return sendJson(res, 421, { error: 'MisdirectedRequest', message: `This tunnel was opened to ${tunnelHost}.` });
    }
    if (!allow()) return sendJson(res, 429, { error: 'TooManyRequests', message: 'The sandbox endpoint takes a limited number of requests a second; slow down (this is the endpoint guarding itself, not Azure).' }, { 'Retry-After': '1' });
    const path = req.url ?? '/';
    if (tunnelHost === undefined && path.startsWith('/live/')) {
      if (await live(req, res, path.split('?')[0]!)) return;
    }
    const body = await readBody(req);
    if (body === null) return sendJson(res, 413, { error: 'RequestTooLarge', message: `The sandbox endpoint takes request bodies of at most ${MAX_BODY} bytes.` });
    const incoming: Incoming = { method: req.method ?? 'GET', path, headers: rawHeaders(req), body, ...(tunnelHost ? { tunnelHost } : {}) };
    const r = route(sandbox.world, as, incoming, origin);
    if (r.kind === 'document') return sendJson(res, r.status, r.body);
    if (r.kind === 'none') {
      if (tunnelHost === undefined && options.appDir && (req.method === 'GET' || req.method === 'HEAD') && (await serveApp(options.appDir, path, res))) return;
      return sendJson(res, 404, { error: 'NotFound', message: `The sandbox endpoint has nothing at ${path.slice(0, 200)}. It serves ${origin}/metadata/identity/oauth2/token (IMDS), ${origin}/msi/token (App Service), the tenant's discovery documents, and the simulated services through its proxy or under ${origin}/azure/<host>/.` });
    }
    // IMDS counts the VM's identity requests per second (real seconds here): past the limit, the
    // simulation answers as IMDS does to the Nth request of a burst.
    if (r.service === 'IMDS' && r.action.type === 'token.request') {
      const second = Math.floor(Date.now() / 1000);
      if (imdsWindow.second !== second) imdsWindow = { second, count: 0 };
      imdsWindow.count += 1;
      if (imdsWindow.count > IMDS_IDENTITY_RATE) r.action = { ...r.action, burst: imdsWindow.count };
    }
    const userAgent = String(req.headers['user-agent'] ?? '').slice(0, 300);
    const from: EventOrigin = { kind: 'endpoint', userAgent, as };
    let outcome;
    try {
      outcome = await sandbox.act(r.action, from);
    } catch (e) {
      return sendJson(res, 500, { error: 'SimulationFault', message: String((e as Error).message) });
    }
    if (!outcome.ok) {
      const e = outcome.error!;
      return sendJson(res, e.status, { error: { code: e.code, message: e.message }, sandbox: 'The simulation refused this request as an action; Azure would not have answered it like this.' }, { 'x-sandbox-refused': e.code });
    }
    const http = outcome.http;
    if (!http) return sendJson(res, 500, { error: 'SimulationFault', message: 'The simulation gave no HTTP answer.' });
    if (http.networkError !== undefined) {
      // Nothing answers on Azure either: the code sees the connection fail.
      req.socket.destroy();
      return;
    }
    const headers = Object.fromEntries(Object.entries(http.response.headers).filter(([k]) => k.toLowerCase() !== 'content-length'));
    res.writeHead(http.response.status, http.response.statusText, { ...headers, 'Content-Length': Buffer.byteLength(http.response.body) });
    res.end(http.response.body);
  }

  const onRequest = (tunnelHost?: string) => (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res, tunnelHost).catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: 'EndpointFault', message: String((e as Error).message) });
      else res.destroy();
    });
  };

  const tls = { key: options.certificate.key, cert: options.certificate.cert };
  const direct: HttpsServer = createHttpsServer({ ...tls, requestTimeout: 30_000, headersTimeout: 10_000, maxHeaderSize: 32 * 1024 }, onRequest());
  direct.maxConnections = 64;
  direct.keepAliveTimeout = 5_000;

  // The proxy: CONNECT to a simulated host opens a tunnel that ends in a TLS server of our own.
  const tunnels = new Map<string, HttpsServer>();
  const tunnelServer = (host: string) => {
    let s = tunnels.get(host);
    if (!s) {
      s = createHttpsServer({ ...tls, requestTimeout: 30_000, headersTimeout: 10_000, maxHeaderSize: 32 * 1024 }, onRequest(host));
      tunnels.set(host, s);
    }
    return s;
  };
  const proxy: HttpServer = createHttpServer((req, res) => {
    sendJson(res, 405, { error: 'ProxyOnly', message: 'This port is a CONNECT proxy for the simulated Azure services only; it forwards nothing to the network.' });
  });
  proxy.maxConnections = 64;
  const onConnect = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const target = (req.url ?? '').toLowerCase();
    const m = /^([a-z0-9.-]+):(\d+)$/.exec(target);
    const refuse = (status: string, why: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${why}\r\n`);
    };
    if (!m || m[2] !== '443') return refuse('403 Forbidden', 'The sandbox proxy opens tunnels only to https (port 443) addresses of the simulated world.');
    if (isLoopbackHost(m[1]) || !isSimulatedHost(sandbox.world, m[1]!)) {
      return refuse('403 Forbidden', `The sandbox proxy never connects to the network: ${m[1]} is not a service of the simulated world.`);
    }
    if (!allow()) return refuse('429 Too Many Requests', 'Slow down.');
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length) socket.unshift(head);
    tunnelServer(m[1]!).emit('connection', socket);
  };
  proxy.on('connect', onConnect);

  const listen = (server: HttpServer | HttpsServer, port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
    });
  const port = await listen(direct, options.port ?? 0);
  const proxyPort = await listen(proxy, options.proxyPort ?? (options.port ? port + 1 : 0)).catch(async (e: unknown) => {
    await new Promise((r) => direct.close(r));
    throw e;
  });
  origin = `https://127.0.0.1:${port}`;
  const sockets = new Set<Socket>();
  for (const s of [direct, proxy]) s.on('connection', (c: Socket) => (sockets.add(c), c.on('close', () => sockets.delete(c))));

  return {
    prepared,
    origin,
    port,
    proxyUrl: `http://127.0.0.1:${proxyPort}`,
    sandbox,
    as,
    async close() {
      unsubscribe();
      for (const page of pages) page.end();
      for (const c of sockets) c.destroy();
      await Promise.all([new Promise((r) => direct.close(r)), new Promise((r) => proxy.close(r))]);
      for (const t of tunnels.values()) t.close();
      sandbox.stop();
    },
  };
}
