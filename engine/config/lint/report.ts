/** The lint's results as findings (warnings), each at the file:line:col of its rule or of the offending condition. */
import type { ErrorCode } from '../../errors/index.ts';
import { finding, type Where } from '../finding.ts';
import { whereAt, type ParsedFile } from '../locate.ts';
import { parseConfigFile } from '../parse.ts';
import type { Finding, ParamValue, ResolvedConfig, ResolvedRule } from '../types.ts';
import type { LintResults, NeverTrueResult } from './analyze.ts';
import { PREV } from './dnf.ts';

/** Where a pointer below a rule is written (the rule's own position when its file's text is not at hand). */
export type Locate = (rule: ResolvedRule, below?: string) => Where;

export function locator(config: ResolvedConfig): Locate {
  const files = new Map<string, ParsedFile>();
  for (const f of config.sources ?? []) {
    const parsed = parseConfigFile(f.path, f.text, f.path.startsWith('rules/') ? 'rules' : 'strategies').file;
    if (parsed) files.set(f.path, parsed);
  }
  return (rule, below = '') => {
    const file = files.get(rule.source.file);
    return file ? whereAt(file, rule.source.pointer + below) : { ...rule.source, pointer: rule.source.pointer + below };
  };
}

const quoted = (xs: readonly string[]) => xs.map((x) => `"${x}"`).join(', ');
const at = (w: Where) => `${w.file}:${w.line}:${w.col}`;

/** `for strategy "a"`, `for strategies "a", "b"`, or `for every strategy that uses it`. */
function forWhom(strategies: readonly string[] | null, managers: readonly string[] | null): string {
  if (strategies === null || managers === null) return 'for the portfolio (with settings.params)';
  if (strategies.length === managers.length && managers.length > 1) return `for every strategy that uses it (${quoted(managers)})`;
  if (strategies.length === managers.length) return `for strategy ${quoted(strategies)}, the only one that uses it`;
  return `for ${strategies.length === 1 ? 'strategy' : 'strategies'} ${quoted(strategies)}`;
}

function nodeAtPointer(rule: ResolvedRule, pointer: string): unknown {
  let n: unknown = { when: rule.when };
  for (const seg of pointer.split('/').slice(1)) n = (n as Record<string, unknown> | unknown[] | null)?.[seg as never];
  return n;
}

/** `dte lessThan 10`, `pnlPct greaterThanInclusive takeProfitPct (0.6)`, or `an any of 2 conditions`. */
function describe(node: unknown, params: Readonly<Record<string, ParamValue>>): string {
  const n = (node ?? {}) as Record<string, unknown>;
  if (Array.isArray(n.any)) return `an any of ${n.any.length} conditions`;
  if (Array.isArray(n.all)) return `an all of ${n.all.length} conditions`;
  if ('not' in n) return 'a not';
  const show = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
    const p = (v as { param?: unknown })?.param;
    if (typeof p === 'string') return `${p} (${JSON.stringify(params[p])})`;
    const f = (v as { fact?: unknown })?.fact;
    return typeof f === 'string' ? `fact ${f}` : JSON.stringify(v);
  };
  return `${String(n.fact)} ${String(n.operator)} ${show(n.value)}`;
}

function neverTrueFinding(r: NeverTrueResult, locate: Locate): Finding {
  const culprit = describe(nodeAtPointer(r.rule, r.part.culprit), r.params);
  const why = r.part.alone ? `${culprit} is never true` : `${culprit} contradicts the conditions before it in the same all`;
  const hint = r.part.alone ? 'check its value: no fact value satisfies it' : 'it and the conditions before it exclude each other: fix one of them, or the strategy override that moved it';
  const what = r.part.node === '/when' ? 'the condition' : `part of the condition (${describe(nodeAtPointer(r.rule, r.part.node), r.params)})`;
  return finding('TW_LINT_NEVER_TRUE', { what, rule: r.rule.name, forWhom: forWhom(r.strategies, r.managers), why, hint }, locate(r.rule, r.part.culprit));
}

function example(values: Record<string, unknown>): string {
  const shown = Object.entries(values).map(([k, v]) => `${k.startsWith(PREV) ? `previous ${k.slice(PREV.length)}` : k} = ${v === null ? 'null' : JSON.stringify(v)}`);
  return shown.length ? shown.join(', ') : 'any fact values';
}

const actionOf = (r: ResolvedRule) => `${r.then.orderStyle === 'marketable' ? 'marketable ' : ''}${r.then.action}`;

export function lintFindings(config: ResolvedConfig, results: LintResults): Finding[] {
  const locate = locator(config);
  const out: Finding[] = [];
  const warn = (code: ErrorCode, params: Record<string, unknown>, where: Where) => out.push(finding(code, params, where, 'warning'));
  for (const u of results.unmanaged) {
    const r = u.rule;
    const listers = config.strategies.filter((s) => s.manage.rules !== undefined).map((s) => s.name);
    const others = config.strategies.filter((s) => s.manage.rules === undefined).map((s) => s.name);
    const why = [
      ...(listers.length ? [`${quoted(listers)} ${listers.length === 1 ? 'lists' : 'list'} manage.rules without it`] : []),
      ...(others.length && r.appliesTo ? [`its appliesTo [${r.appliesTo.join(', ')}] names none of ${quoted(others)} or their tags`] : []),
    ];
    const problem = u.disabledOnly.length > 0
      ? `is managed only by disabled strategies (${quoted(u.disabledOnly)}): it acts only on the positions they opened before`
      : `is managed by no strategy${config.strategies.length === 0 ? '' : `: ${why.join('; ')}`}`;
    warn('TW_LINT_UNMANAGED', { rule: r.name, problem, hint: `add "${r.name}" to a strategy's manage.rules, fix its appliesTo, or set enabled: false on it` }, locate(r));
  }
  for (const r of results.neverTrue) out.push(neverTrueFinding(r, locate));
  for (const s of results.shadowed) {
    warn('TW_LINT_SHADOWED', {
      rule: s.rule.name, forWhom: forWhom(s.strategies, s.managers), shadow: s.shadow.name, shadowAt: at(locate(s.shadow)), shadowPriority: s.shadow.priority, shadowAction: `exclusive ${actionOf(s.shadow)}`,
      hint: `give "${s.rule.name}" a priority above ${s.shadow.priority}, or narrow "${s.shadow.name}" so that it does not cover this rule's condition`,
    }, locate(s.rule));
  }
  for (const o of results.overlaps) {
    warn('TW_LINT_OVERLAP', {
      rule: o.rule.name, action: actionOf(o.rule), severity: o.rule.severity, winner: o.winner.name, winnerAt: at(locate(o.winner)), winnerAction: actionOf(o.winner), winnerSeverity: o.winner.severity,
      forWhom: forWhom(o.strategies, o.managers), example: example(o.example), winnerPriority: o.winner.priority, priority: o.rule.priority,
      hint: `if "${o.rule.name}" should win when both hold, give it a priority above ${o.winner.priority}; if not, lower its severity or make the conditions exclusive`,
    }, locate(o.rule));
  }
  return out;
}
