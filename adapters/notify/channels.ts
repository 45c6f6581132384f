/**
 * The channel types: webhook (signed JSON), slack and discord (incoming webhooks), telegram (Bot API sendMessage),
 * email (email.ts). Secrets come from the environment at send time, so a variable set later is picked up; a missing
 * one fails the attempt (retried like any failure) with TW_NOTIFY_ENV_MISSING's message.
 */
import type { ResolvedChannel } from '../../engine/config/index.ts';
import { createEmailChannel } from './email.ts';
import { fromEnv } from './env.ts';
import { postJson } from './http-post.ts';
import { signature } from './sign.ts';
import type { Channel, Env, OutgoingMessage } from './types.ts';

const url = (cfg: ResolvedChannel, env: Env) => cfg.url ?? fromEnv(cfg, env, cfg.urlEnv, 'the URL');

/** The JSON a webhook receives. */
export function webhookBody(m: OutgoingMessage): Record<string, unknown> {
  const a = m.alert;
  return {
    id: a.id, idempotencyKey: m.idempotencyKey, time: a.time, severity: a.severity, source: a.source, positionId: a.positionId,
    strategy: a.strategy, underlying: a.underlying, message: a.message, text: m.text, repeats: m.repeats,
  };
}

function webhook(cfg: ResolvedChannel, env: Env): Channel {
  return {
    name: cfg.name,
    type: cfg.type,
    async send(m, signal) {
      const body = JSON.stringify(webhookBody(m));
      const headers: Record<string, string> = { ...cfg.headers, 'Idempotency-Key': m.idempotencyKey, 'X-Tickwise-Timestamp': String(m.at) };
      if (cfg.secretEnv) headers['X-Tickwise-Signature'] = signature(fromEnv(cfg, env, cfg.secretEnv, 'the signing secret'), m.at, body);
      await postJson(url(cfg, env), body, headers, signal);
    },
  };
}

function chat(cfg: ResolvedChannel, env: Env, body: (text: string) => Record<string, unknown>): Channel {
  return {
    name: cfg.name,
    type: cfg.type,
    send: (m, signal) => postJson(url(cfg, env), body(m.text), { 'Idempotency-Key': m.idempotencyKey }, signal),
  };
}

function telegram(cfg: ResolvedChannel, env: Env): Channel {
  const base = (cfg.baseUrl ?? 'https://api.telegram.org').replace(/\/+$/, '');
  return {
    name: cfg.name,
    type: cfg.type,
    async send(m, signal) {
      const token = fromEnv(cfg, env, cfg.tokenEnv, 'the bot token');
      await postJson(`${base}/bot${token}/sendMessage`, { chat_id: cfg.chatId, text: m.text, disable_web_page_preview: true }, { 'Idempotency-Key': m.idempotencyKey }, signal);
    },
  };
}

export function createChannel(cfg: ResolvedChannel, env: Env): Channel {
  switch (cfg.type) {
    case 'webhook':
      return webhook(cfg, env);
    case 'slack':
      return chat(cfg, env, (text) => ({ text }));
    case 'discord':
      return chat(cfg, env, (content) => ({ content }));
    case 'telegram':
      return telegram(cfg, env);
    case 'email':
      return createEmailChannel(cfg, env);
  }
}
