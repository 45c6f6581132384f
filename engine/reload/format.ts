/** Human-readable lines for a diff (logs, the terminal, docs). */
import type { ConfigDiff, FieldChange } from './types.ts';

export function formatDiff(diff: ConfigDiff): string[] {
  const lines: string[] = [];
  if (diff.empty) lines.push('no change the engine reads (comments, formatting or key order only)');
  for (const r of diff.rules.added) lines.push(`rule added: ${r}`);
  for (const r of diff.rules.removed) lines.push(`rule removed: ${r}`);
  for (const c of diff.rules.changed) for (const f of c.changes) lines.push(`rule ${c.rule}: ${field(f)}`);
  for (const s of diff.strategies.added) lines.push(`strategy added: ${s}`);
  for (const s of diff.strategies.removed) lines.push(`strategy removed: ${s} (stops entering; its open positions stay on ${diff.from} until they close)`);
  for (const c of diff.strategies.changed) {
    for (const f of c.changes) lines.push(`strategy ${c.strategy}: ${field(f)}`);
    if (c.rulesAdded.length) lines.push(`strategy ${c.strategy}: now managed by ${c.rulesAdded.join(', ')}`);
    if (c.rulesRemoved.length) lines.push(`strategy ${c.strategy}: no longer managed by ${c.rulesRemoved.join(', ')}`);
  }
  for (const t of diff.thresholds) lines.push(`threshold ${t.rule}.${t.param}${t.strategy ? ` for ${t.strategy}` : ' (portfolio)'}: ${show(t.from)} → ${show(t.to)}`);
  for (const f of diff.settings) lines.push(`settings.${field(f)}`);
  for (const f of diff.files.added) lines.push(`file added: ${f}`);
  for (const f of diff.files.removed) lines.push(`file removed: ${f}`);
  return lines;
}

function field(f: FieldChange): string {
  return `${f.path}${f.fact ? ` (${f.fact})` : ''}: ${show(f.from)} → ${show(f.to)}`;
}

function show(v: unknown): string {
  if (v === undefined) return '(unset)';
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
