/**
 * The lint corpus: small configurations with intentionally shadowed, contradictory, unmanaged and overlapping rules
 * (and near misses that must stay silent). Each case names where the finding must be, by a line of its rules file
 * (`at`: the first line containing that text, at its first non-blank column).
 */
import type { ConfigFileText } from '../../../engine/config/index.ts';

export const RULES = 'rules/lint.yaml';

export interface Expected {
  code: 'TW_LINT_NEVER_TRUE' | 'TW_LINT_SHADOWED' | 'TW_LINT_UNMANAGED' | 'TW_LINT_OVERLAP';
  /** Text of the line the finding points at (its first occurrence in the rules file, or its `nth`, from 1). */
  at: string;
  nth?: number;
  /** The shadowing rule (SHADOWED) or the winner (OVERLAP), as it must appear in the message. */
  by?: string;
  /** Texts the message must contain. */
  says?: string[];
}

export interface LintCase {
  name: string;
  rules: string;
  /** Per strategy ("ic", "pcs"): manage.rules, manage.params, enabled. */
  strategies?: Record<string, { rules?: string[]; params?: Record<string, number>; enabled?: boolean }>;
  expect: Expected[];
}

/** `strategies.yaml` with two credit strategies, `ic` and `pcs`. */
export function strategiesYaml(over: LintCase['strategies'] = {}): string {
  const one = (name: string, structure: string) => {
    const o = over[name] ?? {};
    const manage = [
      ...(o.rules ? [`      rules: [${o.rules.join(', ')}]`] : []),
      ...(o.params ? ['      params:', ...Object.entries(o.params).map(([k, v]) => `        ${k}: ${v}`)] : []),
    ];
    return [
      `  - name: ${name}`,
      '    tags: [credit]',
      ...(o.enabled === false ? ['    enabled: false'] : []),
      '    underlying: SPY',
      `    structure: ${structure}`,
      '    legs: { targetDelta: 0.16, wingWidth: 5, dte: { min: 30, max: 50, target: 45 } }',
      '    entry: { maxOpen: 2 }',
      '    sizing: { maxRiskFraction: 0.02, maxContracts: 3 }',
      ...(manage.length ? ['    manage:', ...manage] : ['    manage: {}']),
      '    execution: { startPrice: mid, repriceStep: 0.01, repriceIntervalSeconds: 30, maxReprices: 5, onTimeout: cancel }',
    ].join('\n');
  };
  return `strategies:\n${one('ic', 'iron-condor')}\n${one('pcs', 'put-credit-spread')}\n`;
}

export const filesOf = (c: LintCase): ConfigFileText[] => [
  { path: 'strategies.yaml', text: strategiesYaml(c.strategies) },
  { path: RULES, text: `rules:\n${c.rules}` },
];

/** One rule as YAML (`when` is written as given, indented under `when:`). */
export function rule(name: string, priority: number, when: string, extra: { then?: string; severity?: string; more?: string } = {}): string {
  return [
    `  - name: ${name}`,
    `    description: ${name}.`,
    `    priority: ${priority}`,
    '    scope: position',
    ...(extra.more ? [extra.more] : []),
    '    when:',
    ...when.split('\n').map((l) => `      ${l}`),
    `    then: ${extra.then ?? '{ action: close }'}`,
    `    severity: ${extra.severity ?? 'info'}`,
  ].join('\n') + '\n';
}

const leaf = (fact: string, operator: string, value: string) => `- { fact: ${fact}, operator: ${operator}, value: ${value} }`;
const all = (...leaves: string[]) => `all:\n${leaves.map((l) => `  ${l}`).join('\n')}`;
const any = (...leaves: string[]) => `any:\n${leaves.map((l) => `  ${l}`).join('\n')}`;
const tp = rule('take-profit', 50, all(leaf('pnlPct', 'greaterThanInclusive', '0.5')));

export const CASES: LintCase[] = [
  {
    name: 'a higher take-profit below take-profit in priority',
    rules: tp + rule('take-more', 49, all(leaf('pnlPct', 'greaterThanInclusive', '0.6'))),
    expect: [{ code: 'TW_LINT_SHADOWED', at: 'name: take-more', by: 'take-profit', says: ['for every strategy that uses it', 'rules/lint.yaml:2:5'] }],
  },
  {
    name: 'a shadow that only one strategy\'s override creates',
    rules: rule('early-profit', 50, all(leaf('pnlPct', 'greaterThanInclusive', '{ param: earlyPct }')), { more: '    params:\n      earlyPct: { default: 0.7, unit: fraction, description: Early. }' })
      + rule('late-profit', 40, all(leaf('pnlPct', 'greaterThanInclusive', '0.6'))),
    strategies: { ic: { params: { earlyPct: 0.5 } } },
    expect: [{ code: 'TW_LINT_SHADOWED', at: 'name: late-profit', by: 'early-profit', says: ['for strategy "ic"'] }],
  },
  {
    name: 'an alert above a close (alerts never pre-empt)',
    rules: rule('profit-alert', 60, all(leaf('pnlPct', 'greaterThanInclusive', '0.5')), { then: '{ action: alert }' }) + rule('take-more', 50, all(leaf('pnlPct', 'greaterThanInclusive', '0.6'))),
    expect: [],
  },
  {
    name: 'a roll above a close, falling back to the next rule when it cannot roll',
    rules: rule('roll-early', 60, all(leaf('dte', 'lessThanInclusive', '10')), { then: '{ action: roll }' }) + rule('close-late', 50, all(leaf('dte', 'lessThanInclusive', '5'))),
    expect: [],
  },
  {
    name: 'a roll above a close, closing when it cannot roll',
    rules: rule('roll-early', 60, all(leaf('dte', 'lessThanInclusive', '10')), { then: '{ action: roll, fallback: close }' }) + rule('close-late', 50, all(leaf('dte', 'lessThanInclusive', '5'))),
    expect: [{ code: 'TW_LINT_SHADOWED', at: 'name: close-late', by: 'roll-early', says: ['exclusive roll'] }],
  },
  {
    name: 'an escalation rule below a rule that does not act on closing positions',
    rules: tp + rule('escalate', 40, all(leaf('pnlPct', 'greaterThanInclusive', '0.6')), { more: '    escalation: true', then: '{ action: close, orderStyle: marketable }' }),
    expect: [],
  },
  {
    name: 'an any whose every branch implies a branch of the higher rule',
    rules: rule('wide', 60, any(leaf('pnlPct', 'greaterThanInclusive', '0.5'), leaf('dte', 'lessThanInclusive', '7')))
      + rule('narrow', 50, any(leaf('pnlPct', 'greaterThanInclusive', '0.6'), leaf('dte', 'lessThanInclusive', '5'))),
    expect: [{ code: 'TW_LINT_SHADOWED', at: 'name: narrow', by: 'wide' }],
  },
  {
    name: 'a rule covered only by the union of the higher rule\'s branches',
    rules: rule('split', 60, any(`- ${all(leaf('pnlPct', 'greaterThanInclusive', '0.5'), leaf('itm', 'equal', 'true')).replace(/\n/g, '\n  ')}`, `- ${all(leaf('pnlPct', 'greaterThanInclusive', '0.5'), leaf('itm', 'notEqual', 'true')).replace(/\n/g, '\n  ')}`))
      + rule('whole', 50, all(leaf('pnlPct', 'greaterThanInclusive', '0.5'))),
    expect: [{ code: 'TW_LINT_SHADOWED', at: 'name: whole', by: 'split' }],
  },
  {
    name: 'a not that also holds when the fact is missing (null is not >= 0.5)',
    rules: tp + rule('not-below', 40, `not: { fact: pnlPct, operator: lessThan, value: 0.5 }`),
    expect: [],
  },
  {
    name: 'a fact reference (opaque: no implication from its bounds)',
    rules: tp + rule('above-peak', 40, all(leaf('pnlPct', 'greaterThanInclusive', '{ fact: peakPnlPct }'))),
    expect: [],
  },
  {
    name: 'the same fact reference in both rules (the same opaque condition)',
    rules: rule('new-peak', 60, all(leaf('pnlPct', 'greaterThanInclusive', '{ fact: peakPnlPct }')))
      + rule('new-peak-late', 40, all(leaf('pnlPct', 'greaterThanInclusive', '{ fact: peakPnlPct }'), leaf('dte', 'lessThan', '10'))),
    expect: [{ code: 'TW_LINT_SHADOWED', at: 'name: new-peak-late', by: 'new-peak' }],
  },
  {
    name: 'a crossing above the higher rule\'s level (crossesAbove 0.6 ends at or above 0.6)',
    rules: tp + rule('crossing', 40, all(leaf('pnlPct', 'crossesAbove', '0.6'))),
    expect: [{ code: 'TW_LINT_SHADOWED', at: 'name: crossing', by: 'take-profit' }],
  },
  {
    name: 'a level below a crossing (a crossing needs the previous tick too)',
    rules: rule('crossing', 60, all(leaf('pnlPct', 'crossesAbove', '0.5'))) + rule('level', 40, all(leaf('pnlPct', 'greaterThanInclusive', '0.6'))),
    expect: [],
  },
  {
    name: 'a disabled rule above (only enabled rules pre-empt)',
    rules: rule('take-profit', 50, all(leaf('pnlPct', 'greaterThanInclusive', '0.5')), { more: '    enabled: false' }) + rule('take-more', 49, all(leaf('pnlPct', 'greaterThanInclusive', '0.6'))),
    expect: [],
  },
  {
    name: 'bounds on dte that exclude each other',
    rules: rule('dte-window', 40, all(leaf('dte', 'greaterThan', '30'), leaf('dte', 'lessThan', '10'))),
    expect: [{ code: 'TW_LINT_NEVER_TRUE', at: '{ fact: dte, operator: lessThan', says: ['the condition of rule "dte-window"', 'for every strategy that uses it', 'contradicts the conditions before it'] }],
  },
  {
    name: 'a window that one strategy\'s override closes',
    rules: rule('late-window', 40, all(leaf('dte', 'greaterThan', '3'), leaf('dte', 'lessThanInclusive', '{ param: lateDte }')), { more: '    params:\n      lateDte: { default: 7, unit: days, description: Late. }' }),
    strategies: { pcs: { params: { lateDte: 2 } } },
    expect: [{ code: 'TW_LINT_NEVER_TRUE', at: '{ fact: dte, operator: lessThanInclusive', says: ['for strategy "pcs"', 'lateDte (2)'] }],
  },
  {
    name: 'a between that one strategy\'s override turns upside down',
    rules: rule('profit-band', 40, all(leaf('pnlPct', 'between', '[{ param: bandLowPct }, 0.6]')), { more: '    params:\n      bandLowPct: { default: 0.2, unit: fraction, description: Low. }' }),
    strategies: { ic: { params: { bandLowPct: 0.8 } } },
    expect: [{ code: 'TW_LINT_NEVER_TRUE', at: '{ fact: pnlPct, operator: between', says: ['for strategy "ic"', 'is never true'] }],
  },
  {
    name: 'a dead branch of an any',
    rules: rule('dead-branch', 40, any(leaf('pnlPct', 'greaterThanInclusive', '0.5'), `- ${all(leaf('dte', 'greaterThan', '30'), leaf('dte', 'lessThan', '10')).replace(/\n/g, '\n  ')}`)),
    expect: [{ code: 'TW_LINT_NEVER_TRUE', at: '- { fact: dte, operator: lessThan', says: ['part of the condition (an all of 2 conditions)'] }],
  },
  {
    name: 'two structures at once',
    rules: rule('two-structures', 40, all(leaf('structure', 'equal', 'iron-condor'), leaf('structure', 'in', '[put-credit-spread, call-credit-spread]'))),
    expect: [{ code: 'TW_LINT_NEVER_TRUE', at: '{ fact: structure, operator: in' }],
  },
  {
    name: 'in the money and not, at once',
    rules: rule('itm-both', 40, all(leaf('itm', 'equal', 'true'), leaf('pnlPct', 'lessThan', '0'), leaf('itm', 'equal', 'false'))),
    expect: [{ code: 'TW_LINT_NEVER_TRUE', at: '{ fact: itm, operator: equal, value: false' }],
  },
  {
    name: 'a rule every strategy leaves out of manage.rules',
    rules: tp + rule('forgotten', 40, all(leaf('dte', 'lessThan', '5'))),
    strategies: { ic: { rules: ['take-profit'] }, pcs: { rules: ['take-profit'] } },
    expect: [{ code: 'TW_LINT_UNMANAGED', at: 'name: forgotten', says: ['is managed by no strategy', '"ic", "pcs" list manage.rules without it'] }],
  },
  {
    name: 'a rule only a disabled strategy manages',
    rules: tp + rule('disabled-only', 40, all(leaf('dte', 'lessThan', '5'))),
    strategies: { ic: { rules: ['take-profit', 'disabled-only'], enabled: false }, pcs: { rules: ['take-profit'] } },
    expect: [{ code: 'TW_LINT_UNMANAGED', at: 'name: disabled-only', says: ['managed only by disabled strategies ("ic")'] }],
  },
  {
    name: 'a crossing above a level the same condition caps below it',
    rules: rule('cross-and-cap', 40, all(leaf('pnlPct', 'crossesAbove', '0.6'), leaf('pnlPct', 'lessThan', '0.5'))),
    expect: [{ code: 'TW_LINT_NEVER_TRUE', at: '{ fact: pnlPct, operator: lessThan' }],
  },
  {
    name: 'a not around an always-true range (never false, so its not is never true)',
    rules: rule('not-everything', 40, 'not: { fact: dte, operator: absGreaterThanInclusive, value: 0 }'),
    expect: [],
  },
  {
    name: 'anys that pin two facts to different values each (never true, found inside the cap)',
    rules: rule('pinned', 40, all(...[0, 1, 2].map((i) => `- ${any(leaf('dte', 'equal', String(i)), leaf('pnlPct', 'equal', String(i)))}`.replace(/\n/g, '\n  ')))),
    expect: [{ code: 'TW_LINT_NEVER_TRUE', at: '- any:', nth: 3, says: ['an any of 2 conditions contradicts the conditions before it'] }],
  },
  {
    name: 'a portfolio rule whose bounds exclude each other',
    rules: tp + [
      '  - name: book-window',
      '    description: book-window.',
      '    priority: 90',
      '    scope: portfolio',
      '    when:',
      '      all:',
      '        - { fact: vix, operator: greaterThanInclusive, value: 40 }',
      '        - { fact: vix, operator: lessThan, value: 20 }',
      '    then: { action: halt-entries }',
      '    severity: warning',
    ].join('\n') + '\n',
    expect: [{ code: 'TW_LINT_NEVER_TRUE', at: '{ fact: vix, operator: lessThan', says: ['for the portfolio (with settings.params)'] }],
  },
  {
    name: 'a position rule below a portfolio rule with a wider condition (portfolio rules never pre-empt)',
    rules: [
      '  - name: book-halt',
      '    description: book-halt.',
      '    priority: 95',
      '    scope: portfolio',
      '    when:',
      '      all:',
      '        - { fact: vix, operator: greaterThanInclusive, value: 30 }',
      '    then: { action: close-all }',
      '    severity: critical',
    ].join('\n') + '\n' + rule('vix-close', 60, all(leaf('vix', 'greaterThanInclusive', '40'))),
    expect: [],
  },
  {
    name: 'a rule whose appliesTo names only a tag no strategy without manage.rules has',
    rules: tp + rule('debit-only', 40, all(leaf('dte', 'lessThan', '5')), { more: '    appliesTo: [pcs]' }),
    strategies: { pcs: { rules: ['take-profit'] } },
    expect: [{ code: 'TW_LINT_UNMANAGED', at: 'name: debit-only', says: ['"pcs" lists manage.rules without it', 'its appliesTo [pcs] names none of "ic"'] }],
  },
  {
    name: 'a contradiction past the box cap (the lint says nothing rather than guess)',
    rules: rule('huge', 40, all(...Array.from({ length: 9 }, (_, i) => `- ${any(leaf('dte', 'greaterThanInclusive', String(i)), leaf('pnlPct', 'greaterThanInclusive', String(i)))}`.replace(/\n/g, '\n  ')), leaf('dte', 'greaterThan', '30'), leaf('dte', 'lessThan', '10'))),
    expect: [],
  },
  {
    name: 'an info roll above a warning close when both can hold',
    rules: rule('roll-late', 60, all(leaf('dte', 'lessThanInclusive', '7')), { then: '{ action: roll, fallback: close }' })
      + rule('stop', 50, all(leaf('pnlPct', 'lessThanInclusive', '-1')), { severity: 'warning' }),
    expect: [{ code: 'TW_LINT_OVERLAP', at: 'name: stop', by: 'roll-late', says: ['e.g. pnlPct = -1, dte = 7', 'wins by priority (60 over 50)'] }],
  },
  {
    name: 'a warning roll above an info close (the order is what the severities say)',
    rules: rule('roll-late', 60, all(leaf('dte', 'lessThanInclusive', '7')), { then: '{ action: roll, fallback: close }', severity: 'warning' })
      + rule('stop', 50, all(leaf('pnlPct', 'lessThanInclusive', '-1'))),
    expect: [],
  },
  {
    name: 'exits that cannot hold at once',
    rules: rule('roll-late', 60, all(leaf('pnlPct', 'greaterThan', '0')), { then: '{ action: roll, fallback: close }' })
      + rule('stop', 50, all(leaf('pnlPct', 'lessThanInclusive', '-1')), { severity: 'warning' }),
    expect: [],
  },
];
