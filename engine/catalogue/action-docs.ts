import { ACTION_PARAMS, ACTIONS, GATE_STATES, type ActionParamName, type ActionSpec, type GatePolicy } from './actions.ts';

const esc = (s: string) => s.replace(/\|/g, '\\|');
const code = (s: string) => `\`${s}\``;

const POLICY: Readonly<Record<GatePolicy, string>> = { allow: 'yes', block: 'blocked', forced: 'forced only' };

function traits(a: ActionSpec): string {
  const out: string[] = [];
  if (a.exclusive) out.push('exclusive');
  if (a.notifyOnly) out.push('notify only');
  if (a.sendsOrders) out.push('sends orders');
  if (a.unexecutableWhen) out.push('may be unexecutable');
  if (a.latches) out.push(`latches ${a.latches}`);
  if (a.haltsEntries) out.push('halts entries');
  return out.join(', ') || '—';
}

function params(a: ActionSpec): string {
  const keys = Object.entries(a.params) as [ActionParamName, 'required' | 'optional'][];
  return keys.map(([k, r]) => (r === 'required' ? `${code(k)} (required)` : code(k))).join(', ') || '—';
}

/** docs/actions.md, generated from the action catalogue by scripts/gen-schemas.ts; a test fails when the file drifts. */
export function renderActionsDoc(list: readonly ActionSpec[] = ACTIONS): string {
  const lines = [
    '# Actions',
    '',
    '<!-- Generated from engine/catalogue/actions.ts by `npx tsx scripts/gen-schemas.ts`. Do not edit by hand. -->',
    '',
    'What a rule does when its conditions match: its `then.action` and the keys that go with it ([rules.md](rules.md)). An',
    '**exclusive** action pre-empts later matches for the same position (the first exclusive match wins); a',
    '**notify-only** action is reported and never pre-empts. Actions that **send orders** do not act on a position whose',
    'marks are bad or stale unless their rule is `escalation: true` (the risk gate\'s `stale-marks`).',
    '',
    '| action | scopes | kind | `then` keys | what it does |',
    '|---|---|---|---|---|',
  ];
  for (const a of list) {
    const unexecutable = a.unexecutableWhen ? ` Unexecutable (its \`fallback\` applies) when ${a.unexecutableWhen}.` : '';
    lines.push(`| ${code(a.name)} | ${a.scopes.join(', ')} | ${traits(a)} | ${params(a)} | ${esc(a.description + unexecutable)} |`);
  }
  lines.push('', '## The risk gate', '', 'Whether a decision proceeds in each trading state',
    '([evaluation.md § Risk gate and trading states](evaluation.md#risk-gate-and-trading-states)); *forced only*: only a',
    'forced exit (an `escalation: true` rule) proceeds.', '', `| action | ${GATE_STATES.join(' | ')} |`, `|---|${GATE_STATES.map(() => '---|').join('')}`);
  for (const a of list) lines.push(`| ${code(a.name)} | ${GATE_STATES.map((s) => POLICY[a.gate[s]]).join(' | ')} |`);
  lines.push('', '## `then` keys', '', '| key | unit | values | default | taken by | meaning |', '|---|---|---|---|---|---|');
  for (const [k, p] of Object.entries(ACTION_PARAMS) as [ActionParamName, (typeof ACTION_PARAMS)[ActionParamName]][]) {
    const by = list.filter((a) => a.params[k] !== undefined).map((a) => code(a.name)).join(', ') || '—';
    const values = p.values ? p.values.map(code).join(', ') : p.kind === 'number' ? 'a number or `{ param: name }`' : 'text';
    lines.push(`| ${code(k)} | ${p.unit} | ${values} | ${p.default ? code(p.default) : '—'} | ${by} | ${esc(p.description)} |`);
  }
  lines.push('');
  return lines.join('\n');
}
