/**
 * The JSON Schema (2020-12) of alerts.yaml, the optional notification file (docs/alerts.md). Written to
 * schemas/alerts.schema.json by scripts/gen-schemas.ts. Per-type requirements (a webhook's `url`, an email's `to`)
 * and template placeholders are checked in check-alerts.ts, with the same file:line:col findings.
 */
import { SCHEMA_BASE } from './schema-conditions.ts';

export const CHANNEL_TYPES = ['webhook', 'slack', 'discord', 'telegram', 'email'] as const;
/** Alert kinds a channel can route on: an alert's `source`, with every `rule <name>` as `rule`. */
export const ALERT_KINDS = ['rule', 'trading-state', 'broker', 'broker-down', 'store', 'kill-switch', 'operator', 'position', 'roll', 'recovery', 'reload', 'fill', 'unfilled-exit', 'summary', 'notify'] as const;
/** The placeholders a message template may use. */
export const TEMPLATE_FIELDS = ['severity', 'SEVERITY', 'message', 'source', 'kind', 'rule', 'position', 'strategy', 'underlying', 'time', 'id', 'count', 'channel'] as const;
export const ENV_PATTERN = '^[A-Z_][A-Z0-9_]*$';
const HHMM = '^([01][0-9]|2[0-3]):[0-5][0-9]$';

const strList = (description: string, items: Record<string, unknown> = { type: 'string', minLength: 1 }) => ({ description, type: 'array', items, minItems: 1, uniqueItems: true });
const env = (description: string) => ({ description: `${description} (the NAME of an environment variable; the value never goes in this file).`, type: 'string', pattern: ENV_PATTERN });

function channel(): Record<string, unknown> {
  return {
    description: 'One notification channel.',
    type: 'object',
    properties: {
      name: { description: 'The channel\'s name: in the deliveries API and the idempotency key (`<alert id>:<name>`).', type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' },
      type: { description: 'webhook (JSON POST, signed), slack / discord (incoming webhooks), telegram (Bot API sendMessage), email (SMTP).', enum: [...CHANNEL_TYPES] },
      enabled: { description: 'false keeps the channel configured but sends nothing.', type: 'boolean', default: true },
      url: { description: 'webhook, slack, discord: the URL to POST to (http or https). Prefer `urlEnv` for webhook URLs that embed a secret.', type: 'string', pattern: '^https?://' },
      urlEnv: env('webhook, slack, discord: the URL to POST to, from the environment'),
      secretEnv: env('webhook: the HMAC-SHA256 signing secret'),
      headers: { description: 'webhook: extra HTTP headers sent with every request.', type: 'object', propertyNames: { pattern: '^[A-Za-z0-9-]+$' }, additionalProperties: { type: 'string' } },
      baseUrl: { description: 'telegram: the Bot API base URL.', type: 'string', pattern: '^https?://', default: 'https://api.telegram.org' },
      tokenEnv: env('telegram: the bot token'),
      chatId: { description: 'telegram: the chat to send to (a number or @channelname).', type: 'string', minLength: 1 },
      host: { description: 'email: the SMTP server.', type: 'string', minLength: 1 },
      port: { description: 'email: the SMTP port.', type: 'integer', minimum: 1, maximum: 65535, default: 587 },
      secure: { description: 'email: TLS from the first byte (port 465). false uses STARTTLS when the server offers it.', type: 'boolean', default: false },
      userEnv: env('email: the SMTP user name'),
      passwordEnv: env('email: the SMTP password'),
      from: { description: 'email: the sender address.', type: 'string', minLength: 3 },
      to: strList('email: the recipients.', { type: 'string', minLength: 3 }),
      minSeverity: { description: 'The lowest severity sent.', enum: ['info', 'warning', 'critical'], default: 'warning' },
      routes: {
        description: 'Only alerts matching every list given are sent (a list matches when it holds the alert\'s value).',
        type: 'object',
        properties: {
          kinds: strList('Alert kinds.', { enum: [...ALERT_KINDS] }),
          rules: strList('Rule names (rule alerts only).'),
          strategies: strList('Strategy names (alerts about a position of one of them).'),
          underlyings: strList('Underlying symbols (alerts about a position on one of them).'),
        },
        additionalProperties: false,
      },
      template: { description: `The message text, with placeholders in braces: ${TEMPLATE_FIELDS.map((f) => `{${f}}`).join(', ')}.`, type: 'string', minLength: 1, default: '[{SEVERITY}] {message}' },
      quietHours: {
        description: 'A New York time window in which only critical alerts are sent (the others are suppressed). It may wrap midnight.',
        type: 'object',
        properties: {
          start: { description: 'Start, HH:MM New York time.', type: 'string', pattern: HHMM },
          end: { description: 'End (exclusive), HH:MM New York time.', type: 'string', pattern: HHMM },
        },
        required: ['start', 'end'],
        additionalProperties: false,
      },
      dedupeMinutes: { description: 'The same alert (severity, source, position, message) again within this many minutes is not sent; the next one sent after the window says how many were held back (unit: minutes; 0 = off).', type: 'number', minimum: 0, maximum: 1440, default: 10 },
      rateLimit: {
        description: 'At most `max` messages per `perMinutes` on this channel; critical alerts are never capped.',
        type: 'object',
        properties: {
          max: { description: 'Messages allowed in the window.', type: 'integer', minimum: 1 },
          perMinutes: { description: 'The window (unit: minutes).', type: 'number', exclusiveMinimum: 0, maximum: 1440 },
        },
        required: ['max', 'perMinutes'],
        additionalProperties: false,
      },
    },
    required: ['name', 'type'],
    additionalProperties: false,
  };
}

export function alertsSchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${SCHEMA_BASE}alerts.schema.json`,
    title: 'tickwise alerts file',
    description: 'alerts.yaml: where alerts are sent (channels), what each channel receives, and how deliveries are retried.',
    type: 'object',
    properties: {
      channels: { description: 'The notification channels.', type: 'array', items: { $ref: '#/$defs/channel' } },
      delivery: {
        description: 'Retries of the outbox (every channel).',
        type: 'object',
        properties: {
          maxAttempts: { description: 'Attempts before a delivery is marked failed.', type: 'integer', minimum: 1, maximum: 100, default: 8 },
          initialBackoffSec: { description: 'Wait before the first retry; each retry doubles it (unit: seconds).', type: 'number', exclusiveMinimum: 0, default: 5 },
          maxBackoffSec: { description: 'The longest wait between retries (unit: seconds).', type: 'number', exclusiveMinimum: 0, default: 600 },
          timeoutSec: { description: 'One attempt\'s time limit (unit: seconds).', type: 'number', exclusiveMinimum: 0, maximum: 300, default: 10 },
          failureAlertAfter: { description: 'A channel failing this many attempts in a row raises a critical alert, sent on the other channels.', type: 'integer', minimum: 1, default: 3 },
        },
        additionalProperties: false,
      },
    },
    required: ['channels'],
    additionalProperties: false,
    $defs: { channel: channel() },
  };
}
