/**
 * Email over SMTP (nodemailer). The Message-ID carries the idempotency key (`<alert-12.ops-mail@tickwise>`), so a
 * mail system or a reader can drop a repeat sent after a crash. One transport per channel, closed on reload/stop.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { ResolvedChannel } from '../../engine/config/index.ts';
import { fromEnv } from './env.ts';
import type { Channel, Env } from './types.ts';

/** The Message-ID of a delivery: stable for its idempotency key. */
export function messageId(idempotencyKey: string): string {
  return `<tickwise.${idempotencyKey.replace(/[^A-Za-z0-9.-]/g, '.')}@tickwise.local>`;
}

export function createEmailChannel(cfg: ResolvedChannel, env: Env): Channel {
  let transport: Transporter | null = null;
  const open = () => {
    if (transport) return transport;
    const user = cfg.userEnv ? fromEnv(cfg, env, cfg.userEnv, 'the SMTP user') : undefined;
    const pass = cfg.passwordEnv ? fromEnv(cfg, env, cfg.passwordEnv, 'the SMTP password') : undefined;
    transport = nodemailer.createTransport({
      host: cfg.host, port: cfg.port ?? 587, secure: cfg.secure === true,
      auth: user ? { user, pass } : undefined,
      connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000,
    });
    return transport;
  };
  return {
    name: cfg.name,
    type: cfg.type,
    async send(m, signal) {
      if (signal.aborted) throw new Error('timed out');
      const subject = `[tickwise ${m.alert.severity}] ${m.alert.message}`.slice(0, 140);
      const sending = open().sendMail({
        from: cfg.from, to: cfg.to, subject, text: m.text, messageId: messageId(m.idempotencyKey),
        headers: { 'X-Tickwise-Idempotency-Key': m.idempotencyKey },
      });
      await new Promise<void>((resolve, reject) => {
        const abort = () => reject(new Error('timed out'));
        signal.addEventListener('abort', abort, { once: true });
        sending.then(() => resolve(), reject).finally(() => signal.removeEventListener('abort', abort));
      });
    },
    close() {
      transport?.close();
      transport = null;
    },
  };
}
