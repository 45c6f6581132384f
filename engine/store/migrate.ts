/** Applies the missing schema migrations, one transaction each, and records them in `schema_migrations`. */
import { twError } from '../errors/index.ts';
import type { Db } from './db.ts';
import type { Migration } from './migrations.ts';

export async function schemaVersion(db: Db): Promise<number> {
  const [row] = await db.all<{ v: number | null }>(`SELECT max(version)::DOUBLE AS v FROM schema_migrations`);
  return row.v ?? 0;
}

/** Brings the file up to the last of `migrations`; returns the resulting schema version. */
export async function migrate(db: Db, path: string, migrations: readonly Migration[]): Promise<number> {
  await db.run(`CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP DEFAULT current_timestamp)`);
  const found = await schemaVersion(db);
  const supported = migrations.length ? migrations[migrations.length - 1].version : 0;
  if (found > supported) throw twError('TW_STORE_NEWER_SCHEMA', { path, found, supported });
  for (const m of migrations) {
    if (m.version <= found) continue;
    try {
      await db.run('BEGIN TRANSACTION');
      for (const sql of m.statements) await db.run(sql);
      await db.run(`INSERT INTO schema_migrations (version, name) VALUES (?, ?)`, [m.version, m.name]);
      await db.run('COMMIT');
    } catch (cause) {
      await db.run('ROLLBACK').catch(() => undefined);
      throw twError('TW_STORE_MIGRATION_FAILED', { path, version: m.version, name: m.name, reason: (cause as Error).message }, { cause });
    }
  }
  return Math.max(found, supported);
}
