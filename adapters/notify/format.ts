/** Message templates: `{severity} {message}`-style placeholders (the names in TEMPLATE_FIELDS, checked at load). */
import { exchangeTime } from '../../engine/domain/index.ts';
import type { OutboxAlert } from '../../engine/store/index.ts';

/** An alert's kind for routing: its source, with every `rule <name>` as `rule` and `notify:<channel>` as `notify`. */
export function alertKind(source: string): string {
  if (source.startsWith('rule ')) return 'rule';
  return source.startsWith('notify:') ? 'notify' : source;
}

/** The rule an alert is about (`rule <name>` sources), or null. */
export function alertRule(source: string): string | null {
  return source.startsWith('rule ') ? source.slice('rule '.length) : null;
}

/** `2026-03-02 10:05 ET`. */
export function nyClock(time: number): string {
  const t = exchangeTime(time);
  return `${t.date} ${String(Math.floor(t.minutes / 60)).padStart(2, '0')}:${String(t.minutes % 60).padStart(2, '0')} ET`;
}

export function formatMessage(template: string, alert: OutboxAlert, extra: { repeats: number; channel: string }): string {
  const values: Record<string, string> = {
    severity: alert.severity,
    SEVERITY: alert.severity.toUpperCase(),
    message: alert.message,
    source: alert.source,
    kind: alertKind(alert.source),
    rule: alertRule(alert.source) ?? '',
    position: alert.positionId ?? '',
    strategy: alert.strategy ?? '',
    underlying: alert.underlying ?? '',
    time: nyClock(alert.time),
    id: String(alert.id),
    count: String(extra.repeats + 1),
    channel: extra.channel,
  };
  const text = template.replace(/\{(\w+)\}/g, (whole, k: string) => values[k] ?? whole);
  // The count goes on the message unless the template already shows it.
  return extra.repeats > 0 && !template.includes('{count}') ? `${text} (×${extra.repeats + 1}: ${extra.repeats} more like it held back)` : text;
}
