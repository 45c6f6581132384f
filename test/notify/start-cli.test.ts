import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../adapters/notify/index.ts';
import { openStore } from '../../engine/store/index.ts';
import { receiver } from './helpers.ts';

const root = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tickwise-notify-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function start(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['bin/tickwise.js', 'start', '--speed', '0', '--no-api', '--no-watch', ...args], { cwd: root, env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('tickwise start with alerts.yaml', () => {
  it('sends the run\'s alerts to a signed webhook, warns about a missing secret, and records every delivery in the store', async () => {
    const hook = await receiver();
    try {
      const cfg = join(dir, 'cfg');
      cpSync(join(root, 'rules'), join(cfg, 'rules'), { recursive: true });
      cpSync(join(root, 'strategies.yaml'), join(cfg, 'strategies.yaml'));
      cpSync(join(root, 'facts.yaml'), join(cfg, 'facts.yaml'));
      writeFileSync(join(cfg, 'alerts.yaml'), [
        'channels:',
        '  - name: ops',
        '    type: webhook',
        `    url: ${hook.url}/tw`,
        '    secretEnv: TW_TEST_HOOK_SECRET',
        '    minSeverity: info',
        '    dedupeMinutes: 0',
        '  - name: phone',
        '    type: telegram',
        '    tokenEnv: TW_TEST_TG_TOKEN_UNSET',
        '    chatId: "1"',
        '    enabled: false',
        '',
      ].join('\n'));
      const db = join(dir, 'run.duckdb');
      const run = await start(['--config', cfg, '--db', db, '--ticks', '40'], { TW_TEST_HOOK_SECRET: 'shh' });
      expect(run.code, run.stderr).toBe(0);
      // The disabled channel needs nothing; the enabled one has its secret.
      expect(run.stderr).not.toMatch(/TW_NOTIFY_ENV_MISSING/);
      expect(hook.got.length).toBeGreaterThan(0);
      for (const g of hook.got) {
        expect(g.url).toBe('/tw');
        expect(verifySignature('shh', Number(g.headers['x-tickwise-timestamp']), g.body, String(g.headers['x-tickwise-signature']))).toBe(true);
        expect(g.headers['idempotency-key']).toBe(`${g.json.id}:ops`);
      }
      expect(hook.got.some((g) => g.json.source === 'fill')).toBe(true);
      const store = await openStore(db);
      const sent = await (await store.outbox()).deliveries({ status: 'sent', limit: 1000 });
      await store.close();
      expect(sent.map((d) => d.alertId).sort((a, b) => a - b)).toEqual(hook.got.map((g) => Number(g.json.id)).sort((a, b) => a - b));

      const unset = await start(['--config', cfg, '--db', db, '--ticks', '1'], {});
      expect(unset.code).toBe(0);
      expect(unset.stderr).toMatch(/warning TW_NOTIFY_ENV_MISSING channel "ops": the environment variable TW_TEST_HOOK_SECRET \(the signing secret\) is not set/);
    } finally {
      await hook.close();
    }
  }, 240_000);
});
