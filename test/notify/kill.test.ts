import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../engine/store/index.ts';

const root = new URL('../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tw-notify-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/notify/kill-child.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (out += c));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, exited, output: () => out };
}

describe('a kill -9 during delivery', () => {
  it('loses no alert, and a message sent twice carries the same idempotency key both times', async () => {
    const got: { key: string; id: number }[] = [];
    let hang = true;
    let hung: (() => void) | null = null;
    const inFlight = new Promise<void>((resolve) => (hung = resolve));
    const held: ServerResponse[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        got.push({ key: String(req.headers['idempotency-key']), id: JSON.parse(body).id });
        // The third message is received but never answered: the sender is killed while it waits.
        if (hang && got.length === 3) {
          held.push(res);
          hung!();
          return;
        }
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const db = join(dir, 'kill.duckdb');
    try {
      const first = run([db, url, 'seed']);
      await inFlight;
      first.child.kill('SIGKILL');
      expect((await first.exited).signal).toBe('SIGKILL');
      expect(first.output()).not.toContain('drained');
      hang = false;
      for (const r of held) r.destroy();

      const second = run([db, url, 'resume']);
      const end = await second.exited;
      expect(end.code, second.output()).toBe(0);
      expect(second.output()).toContain('drained');

      // Every alert reached the receiver; the one in flight at the kill came again, with the same key.
      expect([...new Set(got.map((g) => g.id))].sort()).toEqual([1, 2, 3, 4, 5]);
      for (const g of got) expect(g.key).toBe(`${g.id}:ops`);
      const counts = Object.fromEntries([1, 2, 3, 4, 5].map((id) => [id, got.filter((g) => g.id === id).length]));
      expect(counts).toEqual({ 1: 1, 2: 1, 3: 2, 4: 1, 5: 1 });
      const store = await openStore(db);
      const rows = await (await store.outbox()).deliveries();
      await store.close();
      expect(rows.map((r) => [r.alertId, r.status])).toEqual([[5, 'sent'], [4, 'sent'], [3, 'sent'], [2, 'sent'], [1, 'sent']]);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  }, 120_000);
});
