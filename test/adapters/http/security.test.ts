import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simKernel } from '../../kernel/helpers.ts';
import { buildApi, isLoopbackHost, resolveApiToken, routeTable } from '../../../adapters/http/index.ts';
import { isTickwiseError } from '../../../engine/errors/index.ts';
import { auth, TOKEN } from './helpers.ts';

let sim: Awaited<ReturnType<typeof simKernel>>;

beforeAll(async () => {
  sim = await simKernel();
  await sim.kernel.start();
  await sim.kernel.run({ maxTicks: 10 });
}, 60_000);

afterAll(async () => {
  await sim?.kernel.close();
});

describe('rate limiting', () => {
  it('answers 429 with retry-after and a coded error once a client exceeds the limit', async () => {
    const app = await buildApi({ kernel: sim.kernel, token: TOKEN, host: '127.0.0.1', rateLimit: { max: 3, timeWindow: '1 minute' } });
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await app.inject({ url: '/api/health' })).statusCode);
    expect(codes).toEqual([200, 200, 200, 429]);
    const res = await app.inject({ url: '/api/health' });
    expect(res.statusCode).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.json()).toMatchObject({ code: 'TW_HTTP_RATE_LIMITED', message: expect.stringMatching(/^too many requests: at most 3 per 1 minute/) });
    expect(res.json().hint).toMatch(/retry-after/);
    await app.close();
  });

  it('counts failed token attempts too, so tokens cannot be guessed at full speed', async () => {
    const app = await buildApi({ kernel: sim.kernel, token: TOKEN, host: '127.0.0.1', rateLimit: { max: 2, timeWindow: '1 minute' } });
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) codes.push((await app.inject({ method: 'POST', url: '/api/kill', headers: { authorization: 'Bearer guess-guess-guess-guess' } })).statusCode);
    expect(codes).toEqual([401, 401, 429]);
    await app.close();
  });
});

describe('binding beyond loopback', () => {
  it('refuses to build without a token of at least 16 characters', async () => {
    const attempt = buildApi({ kernel: sim.kernel, token: 'short', host: '0.0.0.0' });
    await expect(attempt).rejects.toSatisfy((e: unknown) => isTickwiseError(e) && e.code === 'TW_HTTP_TOKEN_REQUIRED' && e.exit === 2);
    await expect(buildApi({ kernel: sim.kernel, token: '', host: '127.0.0.1' })).rejects.toSatisfy((e: unknown) => isTickwiseError(e) && e.code === 'TW_HTTP_TOKEN_REQUIRED');
  });

  it('requires the token on every API route, reads included', async () => {
    const app = await buildApi({ kernel: sim.kernel, token: TOKEN, host: '0.0.0.0' });
    await app.ready();
    const reads = routeTable(app).filter((r) => r.method === 'GET' && r.url.startsWith('/api/'));
    expect(reads.map((r) => r.url)).toEqual(expect.arrayContaining(['/api/health', '/api/stream']));
    for (const r of reads) {
      const url = r.url.replace(/:\w+/g, 'p1');
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(401);
    }
    expect((await app.inject({ url: '/api/health', headers: auth })).statusCode).toBe(200);
    const doc = (await app.inject({ url: '/api/openapi.json', headers: auth })).json();
    expect(doc.paths['/api/health'].get.security).toEqual([{ bearer: [] }]);
    await app.close();
  });

  it('on loopback, reads are open and writes need the token', async () => {
    const app = await buildApi({ kernel: sim.kernel, token: TOKEN, host: 'localhost' });
    expect((await app.inject({ url: '/api/health' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/api/kill' })).statusCode).toBe(401);
    await app.close();
  });

  it('tells loopback hosts from others', () => {
    for (const h of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.1.2.3']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.10', 'example.com']) expect(isLoopbackHost(h), h).toBe(false);
  });
});

describe('the API token', () => {
  it('is taken from TICKWISE_API_TOKEN when set, with no file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-token-'));
    expect(resolveApiToken({ env: { TICKWISE_API_TOKEN: ' from-env-token-123456 ' }, dataDir: dir })).toEqual({ token: 'from-env-token-123456', path: null, generated: false });
    rmSync(dir, { recursive: true });
  });

  it('is generated once into <dataDir>/api-token with mode 0600 and reused afterwards', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-token-'));
    const data = join(dir, 'data');
    const first = resolveApiToken({ env: {}, dataDir: data });
    expect(first.generated).toBe(true);
    expect(first.path).toBe(join(data, 'api-token'));
    expect(first.token.length).toBeGreaterThanOrEqual(32);
    expect(statSync(first.path!).mode & 0o777).toBe(0o600);
    expect(readFileSync(first.path!, 'utf8').trim()).toBe(first.token);
    const second = resolveApiToken({ env: {}, dataDir: data });
    expect(second).toEqual({ token: first.token, path: first.path, generated: false });
    rmSync(dir, { recursive: true });
  });
});
