/** The two helpers every reader of the replay shares: a path that must exist, and a DuckDB query as columns. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { twError } from '../../engine/errors/index.ts';

export function existingPath(what: string, path: string): string {
  const full = resolve(path);
  if (!existsSync(full)) throw twError('TW_REPLAY_FILE_NOT_FOUND', { what, path, cwd: process.cwd() });
  return full;
}

export async function query<T>(c: DuckDBConnection, sql: string, what: string, path: string, source: string, params?: string[]): Promise<Record<string, T[]>> {
  try {
    return (await c.runAndReadAll(sql, params)).getColumnsObjectJS() as Record<string, T[]>;
  } catch (e) {
    throw twError('TW_REPLAY_READ_FAILED', { what, path, source, reason: (e as Error).message.split('\n')[0] }, { cause: e });
  }
}
