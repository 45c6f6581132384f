import { afterEach, describe, expect, it } from 'vitest';
import { createChannel, messageId, verifySignature, type OutgoingMessage } from '../../adapters/notify/index.ts';
import type { OutboxAlert } from '../../engine/store/index.ts';
import { channel, receiver, smtpReceiver } from './helpers.ts';

const alert: OutboxAlert = { id: 7, time: Date.parse('2026-03-02T15:00:00Z'), severity: 'critical', source: 'rule stop-loss', positionId: 'spy-ic-1', message: 'stop-loss: close', strategy: 'spy-ic', underlying: 'SPY' };
const msg = (over: Partial<OutgoingMessage> = {}): OutgoingMessage => ({ idempotencyKey: '7:ops', text: '[CRITICAL] stop-loss: close', alert, repeats: 0, at: 1_772_463_600_000, ...over });
const signal = () => AbortSignal.timeout(5000);
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

describe('webhook channel', () => {
  it('posts the alert as JSON with a signature the receiver can verify by recomputing the HMAC, the timestamp, custom headers and the idempotency key', async () => {
    const r = await receiver();
    closers.push(r.close);
    const ch = createChannel(channel({ name: 'ops', type: 'webhook', url: `${r.url}/hook`, secretEnv: 'HOOK_SECRET', headers: { 'X-Team': 'desk' } }), { HOOK_SECRET: 's3cret' });
    await ch.send(msg(), signal());
    expect(r.got).toHaveLength(1);
    const got = r.got[0];
    expect(got.url).toBe('/hook');
    expect(got.json).toMatchObject({ id: 7, idempotencyKey: '7:ops', severity: 'critical', source: 'rule stop-loss', positionId: 'spy-ic-1', strategy: 'spy-ic', text: '[CRITICAL] stop-loss: close' });
    expect(got.headers['x-team']).toBe('desk');
    expect(got.headers['idempotency-key']).toBe('7:ops');
    const ts = Number(got.headers['x-tickwise-timestamp']);
    expect(ts).toBe(1_772_463_600_000);
    const sig = String(got.headers['x-tickwise-signature']);
    expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifySignature('s3cret', ts, got.body, sig)).toBe(true);
    expect(verifySignature('wrong', ts, got.body, sig)).toBe(false);
    expect(verifySignature('s3cret', ts + 1, got.body, sig)).toBe(false);
    expect(verifySignature('s3cret', ts, got.body.replace('critical', 'info'), sig)).toBe(false);
  });

  it('fails an attempt when the receiver answers an error, naming the status, and when the secret variable is not set', async () => {
    const r = await receiver();
    closers.push(r.close);
    r.status = 503;
    await expect(createChannel(channel({ name: 'ops', type: 'webhook', url: r.url }), {}).send(msg(), signal())).rejects.toThrow(/HTTP 503/);
    await expect(createChannel(channel({ name: 'ops', type: 'webhook', url: r.url, secretEnv: 'NOPE' }), {}).send(msg(), signal())).rejects.toThrow(/NOPE/);
  });
});

describe('chat channels', () => {
  it('sends slack {text} and discord {content} to the URL from the environment', async () => {
    const r = await receiver();
    closers.push(r.close);
    await createChannel(channel({ name: 's', type: 'slack', urlEnv: 'SLACK_URL' }), { SLACK_URL: `${r.url}/services/T/B/X` }).send(msg(), signal());
    await createChannel(channel({ name: 'd', type: 'discord', url: `${r.url}/api/webhooks/1/abc` }), {}).send(msg(), signal());
    expect(r.got.map((g) => [g.url, g.json])).toEqual([
      ['/services/T/B/X', { text: '[CRITICAL] stop-loss: close' }],
      ['/api/webhooks/1/abc', { content: '[CRITICAL] stop-loss: close' }],
    ]);
  });

  it('calls telegram sendMessage on the configured base URL with the bot token and chat id', async () => {
    const r = await receiver();
    closers.push(r.close);
    await createChannel(channel({ name: 't', type: 'telegram', baseUrl: `${r.url}/`, tokenEnv: 'TG_TOKEN', chatId: '-100123' }), { TG_TOKEN: '42:abc' }).send(msg(), signal());
    expect(r.got[0].url).toBe('/bot42:abc/sendMessage');
    expect(r.got[0].json).toMatchObject({ chat_id: '-100123', text: '[CRITICAL] stop-loss: close' });
  });
});

describe('email channel', () => {
  it('sends over SMTP with the credentials from the environment and the idempotency key in the Message-ID', async () => {
    const smtp = await smtpReceiver({ alerts: 'pw' });
    closers.push(smtp.close);
    const ch = createChannel(channel({ name: 'mail', type: 'email', host: '127.0.0.1', port: smtp.port, userEnv: 'SMTP_USER', passwordEnv: 'SMTP_PASS', from: 'tickwise@example.com', to: ['trader@example.com'] }), { SMTP_USER: 'alerts', SMTP_PASS: 'pw' });
    closers.push(async () => ch.close?.());
    await ch.send(msg(), signal());
    expect(smtp.mails).toHaveLength(1);
    const m = smtp.mails[0];
    expect(m.user).toBe('alerts');
    expect(m.to).toEqual(['trader@example.com']);
    expect(m.raw).toContain(`Message-ID: ${messageId('7:ops')}`);
    expect(m.raw).toMatch(/Subject: \[tickwise critical\] stop-loss: close/);
    expect(m.raw).toContain('[CRITICAL] stop-loss: close');
  });

  it('fails with the server\'s reason on a wrong password', async () => {
    const smtp = await smtpReceiver({ alerts: 'pw' });
    closers.push(smtp.close);
    const ch = createChannel(channel({ name: 'mail', type: 'email', host: '127.0.0.1', port: smtp.port, userEnv: 'U', passwordEnv: 'P', from: 'a@b.c', to: ['d@e.f'] }), { U: 'alerts', P: 'bad' });
    closers.push(async () => ch.close?.());
    await expect(ch.send(msg(), signal())).rejects.toThrow(/535|Invalid/);
    expect(smtp.mails).toHaveLength(0);
  });
});

describe('errors that name no secret', () => {
  it('never puts the URL (a webhook path or a bot token) in a failure', async () => {
    const gone = await receiver();
    await gone.close();
    const ch = createChannel(channel({ name: 't', type: 'telegram', baseUrl: gone.url, tokenEnv: 'TG', chatId: '1' }), { TG: '42:very-secret' });
    const err = await ch.send(msg(), signal()).catch((e: Error) => e);
    expect(String((err as Error).message)).toBe('could not reach the receiver (ECONNREFUSED)');
    const bad = await createChannel(channel({ name: 'w', type: 'webhook', urlEnv: 'U' }), { U: 'not a url/secret-path' }).send(msg(), signal()).catch((e: Error) => e);
    expect((bad as Error).message).toMatch(/^could not reach the receiver/);
    expect((bad as Error).message).not.toContain('secret-path');
  });
});
