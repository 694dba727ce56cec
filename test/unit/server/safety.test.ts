// The endpoint is safe by default: loopback only, no DNS rebinding, no foreign pages on the live channel,
// nothing forwarded to the network, bounded bodies and rates.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificate, endpointFor, type TestEndpoint } from './harness.ts';
import { SCENARIO, VM_SYSTEM } from './world.ts';

let ep: TestEndpoint;
let ca: string;
beforeAll(async () => {
  ep = await endpointFor(SCENARIO, VM_SYSTEM, 5, () => guardClock);
  ca = (await certificate()).certificate.ca;
}, 120_000);
afterAll(() => ep?.close());

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(path: string, { method = 'GET', headers = {}, body }: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest({ host: '127.0.0.1', port: ep.port, path, method, headers, ca, servername: 'localhost', agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * The rate guard's clock (5 a second, bursts of 10) is pinned, so that how fast a busy machine sends
 * the requests does not change what the guard answers; between checks it moves past a refill.
 */
let guardClock = 0;
const breathe = async () => {
  guardClock += 2_100;
};

describe('the endpoint, safe by default', () => {
  it('listens on loopback only and answers IMDS with the Metadata header', async () => {
    expect(ep.origin).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(ep.proxyUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const ok = await send('/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://vault.azure.net', { headers: { Metadata: 'true' } });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ token_type: 'Bearer', resource: 'https://vault.azure.net' });
  });

  it('refuses a request whose Host is not a loopback name (DNS rebinding), before the simulation sees it', async () => {
    await breathe();
    const before = ep.sandbox.seq;
    for (const host of ['evil.example', 'evil.example:443', '127.0.0.1.evil.example', 'kv-e1.vault.azure.net']) {
      const r = await send('/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://vault.azure.net', { headers: { Host: host, Metadata: 'true' } });
      expect(r.status, host).toBe(421);
      expect(JSON.parse(r.body).error).toBe('MisdirectedRequest');
    }
    expect(ep.sandbox.seq).toBe(before);
    expect((await send('/nothing-here', { headers: { Host: `localhost:${ep.port}` } })).status).toBe(404);
  });

  it('refuses the live channel to pages of other origins', async () => {
    await breathe();
    const foreign = await send('/live/events', { headers: { Origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    const crossSite = await send('/live/events', { headers: { 'Sec-Fetch-Site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    const before = ep.sandbox.seq;
    const post = await send('/live/send', { method: 'POST', headers: { Origin: 'https://evil.example', 'Content-Type': 'application/json' }, body: JSON.stringify({ type: 'RESET' }) });
    expect(post.status).toBe(403);
    const noOrigin = await send('/live/send', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ type: 'RESET' }) });
    expect(noOrigin.status).toBe(403);
    const otherPort = await send('/live/send', { method: 'POST', headers: { Origin: `https://127.0.0.1:${ep.port + 7}` }, body: JSON.stringify({ type: 'RESET' }) });
    expect(otherPort.status).toBe(403);
    expect(ep.sandbox.seq).toBe(before);
    const own = await send('/live/send', { method: 'POST', headers: { Origin: ep.origin, 'Content-Type': 'application/json' }, body: JSON.stringify({ type: 'ACT', action: { type: 'clock.advance', seconds: 60 } }) });
    expect(own.status).toBe(204);
    expect(ep.sandbox.seq).toBe(before + 1);
    const hostile = await send('/live/send', { method: 'POST', headers: { Origin: ep.origin }, body: JSON.stringify({ type: 'ACT', action: { type: '__proto__' } }) });
    expect(hostile.status).toBe(400);
  });

  it('never connects to the network: the proxy tunnels only to the simulated services, and answers them itself', async () => {
    await breathe();
    const connect = (target: string) =>
      new Promise<number>((resolve, reject) => {
        const url = new URL(ep.proxyUrl);
        const req = httpRequest({ host: url.hostname, port: url.port, method: 'CONNECT', path: target, agent: false });
        req.on('connect', (res, socket) => {
          socket.destroy();
          resolve(res.statusCode!);
        });
        req.on('response', (res) => resolve(res.statusCode!));
        req.on('error', reject);
        req.end();
      });
    expect(await connect('example.com:443')).toBe(403);
    expect(await connect('login.microsoftonline.com.evil.example:443')).toBe(403);
    expect(await connect('127.0.0.1:22')).toBe(403);
    expect(await connect('kv-e1.vault.azure.net:80')).toBe(403);
    expect(await connect('kv-e1.vault.azure.net:443')).toBe(200);
    // A vault that does not exist in the world has no address, as DNS would say.
    expect(await connect('kv-nope.vault.azure.net:443')).toBe(200);
  });

  it('bounds request bodies and rates', async () => {
    await breathe();
    const big = await send('/azure/kv-e1.vault.azure.net/secrets/x?api-version=7.4', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ value: 'x'.repeat(70 * 1024) }) });
    expect(big.status).toBe(413);
    await breathe();
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) statuses.push((await send('/nothing-here')).status);
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 404).length).toBeLessThanOrEqual(11);
  });

  it('serves the app from its folder only, marked for the live channel, and nothing outside it', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { startEndpoint } = await import('../../../server/endpoint.ts');
    const root = mkdtempSync(join(tmpdir(), 'endpoint-app-'));
    const appDir = join(root, 'dist');
    mkdirSync(appDir);
    writeFileSync(join(appDir, 'index.html'), '<html><head><title>t</title></head><body></body></html>');
    writeFileSync(join(root, 'secret.json'), '{"secret":true}');
    const withApp = await startEndpoint({ sandbox: { scenario: SCENARIO, base: 0, cursor: 99 }, as: VM_SYSTEM, certificate: (await certificate()).certificate, appDir });
    try {
      const get = (path: string) =>
        new Promise<Reply>((resolve, reject) => {
          const req = httpsRequest({ host: '127.0.0.1', port: withApp.port, path, ca, servername: 'localhost', agent: false }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
          });
          req.on('error', reject);
          req.end();
        });
      const page = await get('/');
      expect(page.status).toBe(200);
      expect(page.body).toContain('<meta name="sandbox-endpoint" content="/live/">');
      expect(page.headers['x-frame-options']).toBe('DENY');
      for (const path of ['/../secret.json', '/%2e%2e/secret.json', '/..%2fsecret.json']) expect((await get(path)).status, path).toBe(404);
    } finally {
      await withApp.close();
    }
  });
});
