import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { serveApi } from '../../../bin/wiring/api.ts';
import { simKernel } from '../../kernel/helpers.ts';
import { buildApi, hostAllowed, hostPatterns, parseAllowedHosts } from '../../../adapters/http/index.ts';
import { isTickwiseError } from '../../../engine/errors/index.ts';
import { auth, TOKEN } from './helpers.ts';
import { get, listenLoopback, rawRequest } from './raw-http.ts';

let sim: Awaited<ReturnType<typeof simKernel>>;

beforeAll(async () => {
  sim = await simKernel();
  await sim.kernel.start();
  await sim.kernel.run({ maxTicks: 5 });
}, 60_000);

afterAll(async () => {
  await sim?.kernel.close();
});

const loopbackApi = (allowedHosts?: string[]) => buildApi({ kernel: sim.kernel, token: TOKEN, host: '127.0.0.1', allowedHosts });

describe('the Host check (DNS rebinding)', () => {
  it('answers 421 with a coded error to a page whose name was re-pointed at loopback, for the API and the static pages', async () => {
    const app = await loopbackApi();
    for (const url of ['/api/positions', '/api/health', '/', '/app.js', '/api/no-such-route']) {
      const res = await app.inject({ url, headers: { host: 'attacker.example:7300' } });
      expect(res.statusCode, url).toBe(421);
      expect(res.json(), url).toEqual({ code: 'TW_HTTP_HOST_NOT_ALLOWED', message: 'this server does not answer to the Host "attacker.example:7300"', hint: expect.stringMatching(/--allowed-host/) });
    }
    const post = await app.inject({ method: 'POST', url: '/api/kill', headers: { host: 'attacker.example', ...auth } });
    expect(post.statusCode).toBe(421);
    await app.close();
  });

  it('serves loopback names with or without a port', async () => {
    const app = await loopbackApi();
    for (const host of ['localhost', 'localhost:7300', 'LOCALHOST:7300', '127.0.0.1', '127.0.0.1:1', '[::1]', '[::1]:7300']) {
      expect((await app.inject({ url: '/api/health', headers: { host } })).statusCode, host).toBe(200);
    }
    for (const host of ['localhost.attacker.example', '127.0.0.1.nip.io', 'localhost:', 'localhost:99999', '[::1', 'a b']) {
      expect((await app.inject({ url: '/api/health', headers: { host } })).statusCode, JSON.stringify(host)).toBe(421);
    }
    await app.close();
  });

  it('serves the configured --host and the --allowed-host names, a port in an allowed name pinning the port', async () => {
    const app = await buildApi({ kernel: sim.kernel, token: TOKEN, host: '192.168.1.10', allowedHosts: ['tickwise.lan', 'proxy.example:8443,10.0.0.5'] });
    for (const host of ['192.168.1.10:7300', 'tickwise.lan', 'TickWise.LAN:7300', 'proxy.example:8443', '10.0.0.5:80']) {
      expect((await app.inject({ url: '/api/health', headers: { host, ...auth } })).statusCode, host).toBe(200);
    }
    for (const host of ['proxy.example', 'proxy.example:80', 'other.lan', '192.168.1.11']) {
      expect((await app.inject({ url: '/api/health', headers: { host, ...auth } })).statusCode, host).toBe(421);
    }
    await app.close();
  });

  it('refuses a request without a Host header, and an absolute-form target naming another host', async () => {
    const app = await loopbackApi();
    const port = await listenLoopback(app);
    const noHost = await rawRequest(port, 'GET /api/positions HTTP/1.0');
    expect(noHost.status).toBe(421);
    expect(JSON.parse(noHost.body).code).toBe('TW_HTTP_HOST_NOT_ALLOWED');
    const absolute = await get(port, 'http://attacker.example/api/positions');
    expect(absolute.status).toBe(421);
    expect((await get(port, `http://localhost:${port}/api/health`)).status).toBe(200);
    await app.close();
  });

  it('rejects --allowed-host values that are not a host, naming the value', async () => {
    for (const bad of ['http://tickwise.lan', '*.lan', 'a b', 'host:99999', 'host/path', 'user@host']) {
      expect(() => parseAllowedHosts([bad]), bad).toThrow(expect.objectContaining({ code: 'TW_HTTP_ALLOWED_HOST_INVALID', exit: 2 }));
    }
    expect(parseAllowedHosts(['a.lan,b.lan:81', ' ', '[FD00::5]'])).toEqual([{ name: 'a.lan', port: null }, { name: 'b.lan', port: 81 }, { name: '[fd00::5]', port: null }]);
    await expect(buildApi({ kernel: sim.kernel, token: TOKEN, host: '127.0.0.1', allowedHosts: ['*'] })).rejects.toSatisfy((e: unknown) => isTickwiseError(e) && e.code === 'TW_HTTP_ALLOWED_HOST_INVALID');
  });

  it('writes a bare IPv6 --host bracketed, as a Host header carries it', () => {
    expect(hostAllowed('[fd00::7]:7300', hostPatterns('fd00::7'))).toBe(true);
    expect(hostAllowed('fd00::7', hostPatterns('fd00::7'))).toBe(false);
  });
});

describe('--allowed-host on tickwise start', () => {
  it('is passed through the wiring, so the server answers to the allowed name', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tw-allowed-'));
    const { app } = await serveApi({ kernel: sim.kernel, reloader: null, host: '127.0.0.1', allowedHosts: ['tickwise.lan'], port: 0, dataDir, env: { TICKWISE_API_TOKEN: TOKEN }, log: pino({ level: 'silent' }) });
    const port = (app.server.address() as { port: number }).port;
    const ok = await rawRequest(port, 'GET /api/health HTTP/1.1\r\nhost: tickwise.lan:7300\r\nconnection: close');
    expect(ok.status).toBe(200);
    const other = await rawRequest(port, 'GET /api/health HTTP/1.1\r\nhost: other.lan:7300\r\nconnection: close');
    expect(other.status).toBe(421);
    await app.close();
    rmSync(dataDir, { recursive: true });
  });

  it('refuses a bad value with exit 2 and the code, before anything starts', () => {
    const root = new URL('../../..', import.meta.url).pathname;
    const r = spawnSync(process.execPath, ['bin/tickwise.js', 'start', '--allowed-host', 'tickwise.lan', '--allowed-host', 'http://evil', '--db', join(tmpdir(), 'tw-never.duckdb'), '--ticks', '1'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('TW_HTTP_ALLOWED_HOST_INVALID');
    expect(r.stderr).toContain('"http://evil"');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
