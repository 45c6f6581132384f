/** The API token: from TICKWISE_API_TOKEN, or generated once into `<dataDir>/api-token` (mode 0600). */
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { twError } from '../../engine/errors/index.ts';

export const MIN_TOKEN_LENGTH = 16;

export interface ResolvedToken {
  token: string;
  /** The file the token lives in; null when it came from the environment. */
  path: string | null;
  /** True when this call created the file. */
  generated: boolean;
}

/** Reads TICKWISE_API_TOKEN, else `<dataDir>/api-token`, else generates that file (mode 0600). Never logs the token. */
export function resolveApiToken(opts: { env: Record<string, string | undefined>; dataDir: string }): ResolvedToken {
  const fromEnv = opts.env.TICKWISE_API_TOKEN?.trim();
  if (fromEnv) return { token: fromEnv, path: null, generated: false };
  const path = join(opts.dataDir, 'api-token');
  try {
    const existing = readExisting(path);
    if (existing) return { token: existing, path, generated: false };
    mkdirSync(opts.dataDir, { recursive: true });
    const token = randomBytes(32).toString('base64url');
    writeFileSync(path, `${token}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600);
    return { token, path, generated: true };
  } catch (e) {
    if (e && typeof e === 'object' && 'code' in e && e.code === 'EEXIST') {
      const raced = readExisting(path);
      if (raced) return { token: raced, path, generated: false };
    }
    throw twError('TW_HTTP_TOKEN_FILE', { path, reason: e instanceof Error ? e.message : String(e) }, { cause: e });
  }
}

function readExisting(path: string): string | null {
  try {
    statSync(path);
  } catch {
    return null;
  }
  const token = readFileSync(path, 'utf8').trim();
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  return token || null;
}

/** Constant-time comparison of a presented token with the expected one (hashes first, so lengths never leak). */
export function tokenMatches(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && expected.length > 0;
}

/** `Authorization: Bearer <token>` → the token, or null. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : null;
}

/** Whether binding to `host` keeps the API on this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}
