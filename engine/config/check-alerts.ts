/**
 * alerts.yaml (optional): parse → schema (schema-alerts.ts) → the checks the schema cannot say (each channel type's
 * keys, unique names, template placeholders) → the resolved channels with their defaults. Findings are file:line:col
 * like every config file's; a valid file becomes `ResolvedConfig.alerts` and is part of the config version.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { Finding, ResolvedConfig, Severity } from './types.ts';
import { deepFreeze } from './resolve.ts';
import { finding, sortFindings, suggest } from './finding.ts';
import { whereAt, type ParsedFile } from './locate.ts';
import { parseConfigFile } from './parse.ts';
import { toFinding } from './schema-check.ts';
import { alertsSchema, TEMPLATE_FIELDS, type ALERT_KINDS, type CHANNEL_TYPES } from './schema-alerts.ts';
import { isRecord } from './walk.ts';

export const ALERTS_FILE = 'alerts.yaml';

export type ChannelType = (typeof CHANNEL_TYPES)[number];
export type AlertKind = (typeof ALERT_KINDS)[number];

/** One channel as written in alerts.yaml (after the schema). */
export interface AlertChannelConfig {
  name: string;
  type: ChannelType;
  enabled?: boolean;
  url?: string;
  urlEnv?: string;
  secretEnv?: string;
  headers?: Record<string, string>;
  baseUrl?: string;
  tokenEnv?: string;
  chatId?: string;
  host?: string;
  port?: number;
  secure?: boolean;
  userEnv?: string;
  passwordEnv?: string;
  from?: string;
  to?: string[];
  minSeverity?: Severity;
  routes?: { kinds?: AlertKind[]; rules?: string[]; strategies?: string[]; underlyings?: string[] };
  template?: string;
  quietHours?: { start: string; end: string };
  dedupeMinutes?: number;
  rateLimit?: { max: number; perMinutes: number };
}

export interface ResolvedChannel extends AlertChannelConfig {
  enabled: boolean;
  minSeverity: Severity;
  template: string;
  dedupeMinutes: number;
  routes: NonNullable<AlertChannelConfig['routes']>;
}

export interface ResolvedDelivery {
  maxAttempts: number;
  initialBackoffSec: number;
  maxBackoffSec: number;
  timeoutSec: number;
  failureAlertAfter: number;
}

export interface ResolvedAlerts {
  channels: readonly ResolvedChannel[];
  delivery: ResolvedDelivery;
}

export const DELIVERY_DEFAULTS: ResolvedDelivery = Object.freeze({ maxAttempts: 8, initialBackoffSec: 5, maxBackoffSec: 600, timeoutSec: 10, failureAlertAfter: 3 });
export const DEFAULT_TEMPLATE = '[{SEVERITY}] {message}';

/** What each channel type needs besides `name` and `type` (alternatives joined by `|`). */
const NEEDS: Record<ChannelType, { keys: string[]; expected: string }[]> = {
  webhook: [{ keys: ['url', 'urlEnv'], expected: 'add "url: https://…" or "urlEnv: NAME_OF_A_VARIABLE"' }],
  slack: [{ keys: ['url', 'urlEnv'], expected: 'add the incoming-webhook URL as "urlEnv: SLACK_WEBHOOK_URL" (or "url:")' }],
  discord: [{ keys: ['url', 'urlEnv'], expected: 'add the webhook URL as "urlEnv: DISCORD_WEBHOOK_URL" (or "url:")' }],
  telegram: [{ keys: ['tokenEnv'], expected: 'add "tokenEnv: TELEGRAM_BOT_TOKEN"' }, { keys: ['chatId'], expected: 'add "chatId: \'123456\'"' }],
  email: [{ keys: ['host'], expected: 'add "host: smtp.example.com"' }, { keys: ['from'], expected: 'add "from: tickwise@example.com"' }, { keys: ['to'], expected: 'add "to: [you@example.com]"' }],
};

let validator: ValidateFunction | null = null;

function schemaFindings(file: ParsedFile): Finding[] {
  validator ??= new Ajv2020({ allErrors: true, strict: true, strictTypes: false, verbose: true }).compile(alertsSchema());
  if (validator(file.data)) return [];
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const e of validator.errors ?? []) {
    const f = toFinding(file, e);
    if (!f || seen.has(f.pointer)) continue;
    seen.add(f.pointer);
    out.push(f);
  }
  return out;
}

/** Placeholders a template uses that are not in TEMPLATE_FIELDS. */
export function unknownPlaceholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).filter((n) => !(TEMPLATE_FIELDS as readonly string[]).includes(n));
}

function channelFindings(file: ParsedFile, ch: AlertChannelConfig, i: number, first: Map<string, number>): Finding[] {
  const out: Finding[] = [];
  const at = (key: string) => whereAt(file, `/channels/${i}${key ? `/${key}` : ''}`);
  const prior = first.get(ch.name);
  if (prior !== undefined) out.push(finding('TW_CONFIG_DUPLICATE_NAME', { kind: 'channel', name: ch.name, first: `${file.path}:${whereAt(file, `/channels/${prior}`).line}` }, at('name')));
  else first.set(ch.name, i);
  for (const need of NEEDS[ch.type]) {
    if (!need.keys.some((k) => (ch as unknown as Record<string, unknown>)[k] !== undefined)) out.push(finding('TW_NOTIFY_CHANNEL_KEY', { name: ch.name, type: ch.type, key: need.keys.join('" or "'), expected: need.expected }, at('')));
  }
  for (const field of unknownPlaceholders(ch.template ?? '')) {
    out.push(finding('TW_NOTIFY_UNKNOWN_PLACEHOLDER', { name: ch.name, field, suggestion: suggest(field, TEMPLATE_FIELDS), allowed: TEMPLATE_FIELDS.join(', ') }, at('template')));
  }
  return out;
}

function resolveChannel(ch: AlertChannelConfig): ResolvedChannel {
  return { ...structuredClone(ch), enabled: ch.enabled !== false, minSeverity: ch.minSeverity ?? 'warning', template: ch.template ?? DEFAULT_TEMPLATE, dedupeMinutes: ch.dedupeMinutes ?? 10, routes: structuredClone(ch.routes ?? {}) };
}

/** Checks alerts.yaml's text; `alerts` is null when it has an error. */
export function checkAlertsFile(path: string, text: string): { alerts: ResolvedAlerts | null; findings: Finding[] } {
  const parsed = parseConfigFile(path, text, 'channels');
  if (!parsed.file) return { alerts: null, findings: parsed.findings };
  const file = parsed.file;
  const findings = [...parsed.findings, ...schemaFindings(file)];
  const data = isRecord(file.data) ? file.data : {};
  const list = Array.isArray(data.channels) ? (data.channels as unknown[]) : [];
  const first = new Map<string, number>();
  const broken = (i: number) => findings.some((f) => f.pointer === `/channels/${i}` || f.pointer.startsWith(`/channels/${i}/`));
  list.forEach((c, i) => {
    if (!broken(i) && isRecord(c)) findings.push(...channelFindings(file, c as unknown as AlertChannelConfig, i, first));
  });
  const sorted = sortFindings(findings);
  if (sorted.some((f) => f.severity === 'error')) return { alerts: null, findings: sorted };
  const channels = (list as AlertChannelConfig[]).map(resolveChannel);
  return { alerts: { channels, delivery: { ...DELIVERY_DEFAULTS, ...(isRecord(data.delivery) ? data.delivery : {}) } }, findings: sorted };
}

/** The config with its alerts (frozen like the rest); unchanged when there is no alerts.yaml. */
export function attachAlerts(config: ResolvedConfig, alerts: ResolvedAlerts | null): ResolvedConfig {
  return alerts ? deepFreeze({ ...config, alerts }) : config;
}
