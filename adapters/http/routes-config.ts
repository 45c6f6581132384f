/** The running config version, its reload history, and the reload trigger. */
import type { FastifyInstance } from 'fastify';
import type { Kernel } from '../../engine/kernel/index.ts';
import type { ApiContext } from './types.ts';
import { sendError } from './errors.ts';
import { anyJson, errorResponses, s } from './schemas.ts';

interface SqlReader {
  all<T = Record<string, unknown>>(sql: string, params?: (string | number | boolean | null)[]): Promise<T[]>;
}

/**
 * The read connection of the store. StoreReads has no query for config versions or reloads yet, so the API reads
 * those two tables itself on the same committed-data-only connection (a store query should replace this).
 */
function reader(kernel: Kernel): SqlReader {
  return (kernel.store.reads as unknown as { db: SqlReader }).db;
}

const parseJson = (v: unknown): unknown => {
  if (typeof v !== 'string') return v ?? null;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
};

/** Config state from the store (what the kernel recorded), overlaid with the reloader's status when there is one. */
export async function configState(kernel: Kernel, reloaderStatus: unknown) {
  const db = reader(kernel);
  const version = kernel.config.version;
  const [loaded] = await db.all<{ loaded_at: number }>('SELECT loaded_at FROM config_versions WHERE version = ?', [version]);
  const [failed] = await db.all<{ time: number; errors: string }>('SELECT time, errors FROM reloads WHERE NOT ok ORDER BY time DESC, rowid DESC LIMIT 1');
  const [okRow] = await db.all<{ time: number; diff: string }>('SELECT time, diff FROM reloads WHERE ok ORDER BY time DESC, rowid DESC LIMIT 1');
  const base = {
    version,
    pendingVersion: kernel.status().pendingConfigVersion,
    loadedAt: loaded ? Number(loaded.loaded_at) : null,
    lastFailedReload: failed ? { at: Number(failed.time), errors: asArray(parseJson(failed.errors)) } : null,
    lastDiff: okRow ? parseJson(okRow.diff) : null,
    files: kernel.config.files,
  };
  const st = reloaderStatus && typeof reloaderStatus === 'object' ? (reloaderStatus as Record<string, unknown>) : null;
  if (!st) return { ...base, reloader: null };
  return {
    ...base,
    ...(typeof st.loadedAt === 'number' ? { loadedAt: st.loadedAt } : {}),
    ...('lastFailedReload' in st ? { lastFailedReload: normaliseFailure(st.lastFailedReload) } : {}),
    ...('lastDiff' in st ? { lastDiff: st.lastDiff ?? null } : {}),
    reloader: st,
  };
}

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v == null ? [] : [v]);

function normaliseFailure(v: unknown): { at: number; errors: unknown[]; refused?: string } | null {
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  return { at: Number(o.at ?? o.time ?? 0), errors: asArray(o.errors), ...(typeof o.refused === 'string' ? { refused: o.refused } : {}) };
}

export function configRoutes(app: FastifyInstance, { kernel, reloader }: ApiContext): void {
  app.get('/api/config', {
    schema: {
      summary: 'The running config version, when it was loaded, the last failed reload and the diff of the last reload',
      response: {
        200: {
          type: 'object',
          properties: {
            version: s.str, pendingVersion: s.nstr, loadedAt: s.nnum,
            lastFailedReload: { type: ['object', 'null'], properties: { at: s.num, errors: { type: 'array', items: anyJson }, refused: s.str } },
            lastDiff: anyJson, files: { type: 'array', items: s.str }, reloader: anyJson,
          },
        },
        ...errorResponses,
      },
    },
  }, async () => configState(kernel, reloader ? reloader.status() : null));

  app.post<{ Body: { force?: boolean; reason?: string } | undefined }>('/api/config/reload', {
    schema: {
      summary: 'Read the config folder again now; the new version becomes current at the next tick (needs the token)',
      body: { type: 'object', additionalProperties: false, properties: { force: s.bool, reason: { type: 'string', maxLength: 500 } } },
      response: { 200: { type: 'object', properties: { outcome: anyJson } }, ...errorResponses },
    },
  }, async (req, reply) => {
    if (!reloader) return sendError(reply, 'TW_HTTP_NO_RELOADER', {});
    const body = req.body ?? {};
    const outcome = await reloader.reloadNow({ force: body.force ?? false, reason: body.reason ?? 'api' });
    const o = outcome && typeof outcome === 'object' ? (outcome as { ok?: boolean; refused?: string | { message?: string } | null; errors?: unknown[] }) : null;
    if (o && o.ok === false) {
      const refused = typeof o.refused === 'string' ? o.refused : o.refused?.message;
      const detail = refused ?? `${o.errors?.length ?? 0} error(s) in the config files`;
      return sendError(reply, 'TW_HTTP_RELOAD_FAILED', { detail }, { outcome });
    }
    return { outcome };
  });
}
