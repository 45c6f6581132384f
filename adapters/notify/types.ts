/** What a channel is handed: one message for one alert, with the key the receiver can drop repeats by. */
import type { OutboxAlert } from '../../engine/store/index.ts';

export interface OutgoingMessage {
  /** `<alert id>:<channel>`: the same on every attempt, so a receiver can drop a repeat (docs/alerts.md). */
  idempotencyKey: string;
  /** The formatted text (the channel's template). */
  text: string;
  alert: OutboxAlert;
  /** Alerts with the same key held back by dedupe since the last message of that key. */
  repeats: number;
  /** When this attempt is made (ms since epoch): the webhook signs it. */
  at: number;
}

/** One configured channel, ready to send. `send` resolves when the receiver accepted the message, else throws. */
export interface Channel {
  readonly name: string;
  readonly type: string;
  send(message: OutgoingMessage, signal: AbortSignal): Promise<void>;
  close?(): void;
}

/** The environment the secrets are read from (process.env in production, a plain object in tests). */
export type Env = Readonly<Record<string, string | undefined>>;
