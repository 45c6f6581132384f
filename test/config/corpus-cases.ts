/** The malformed configuration corpus: each case edits the base config (test/fixtures/config/base) into one mistake. */
import type { ConfigFileText } from '../../engine/config/index.ts';
import { insertAfter, setLine, withFile } from './helpers.ts';

const S = 'strategies.yaml';
const E = 'rules/exits.yaml';
const P = 'rules/portfolio.yaml';

export interface Case {
  name: string;
  files: (base: ConfigFileText[]) => ConfigFileText[];
  code: string;
  file: string;
  at: [number, number];
  severity?: 'error' | 'warning';
}

const edit = (path: string, ...edits: ((t: string) => string)[]) => (base: ConfigFileText[]) => withFile(base, path, (t) => edits.reduce((acc, e) => e(acc), t));
const whole = (path: string, text: string) => (base: ConfigFileText[]) => withFile(base, path, () => text);

const aliasBomb = ['a: &a [x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]', 'rules: [*d, *d, *d, *d, *d, *d, *d, *d, *d]', ''].join('\n');

const trailingRule = `
  - name: trailing-stop
    description: Trail.
    priority: 60
    scope: position
    params:
      trailActivationPct: { default: 0.3, unit: fraction, description: Arm. }
      trailRetracePct: { default: 0.15, unit: fraction, description: Retrace. }
    when:
      all:
        - { fact: peakPnlPct, operator: greaterThanInclusive, value: { param: trailActivationPct } }
        - { fact: drawdownFromPeakPct, operator: greaterThanInclusive, value: { param: trailRetracePct } }
    then: { action: close }
    severity: info
  - name: time-exit
    description: Time.
    priority: 30
    scope: position
    params:
      timeExitDte: { default: 21, unit: days, description: Days. }
    when: { all: [{ fact: dte, operator: lessThanInclusive, value: { param: timeExitDte } }] }
    then: { action: close }
    severity: info
`;
const withMoreRules = (override: string) => (base: ConfigFileText[]) =>
  withFile(withFile(base, E, (t) => t.trimEnd() + trailingRule), S, (t) => setLine(17, '      rules: [take-profit, stop-loss, trailing-stop, time-exit]')(insertAfter(19, override)(t)));

/** `{ any: [{ any: [ … leaf … ] }] }` nested `depth` times, on one line. */
export const flowAny = (depth: number) => `${'{ any: ['.repeat(depth)}{ fact: dte, operator: lessThan, value: 5 }${'] }'.repeat(depth)}`;
/** `when:` followed by `not:` nested `depth` times in block style (each level two spaces deeper), then a leaf. */
export const blockNots = (depth: number) => ['    when:', ...Array.from({ length: depth }, (_, k) => `${' '.repeat(4 + 2 * (k + 1))}not:`), `${' '.repeat(6 + 2 * depth)}{ fact: pnlPct, operator: greaterThanInclusive, value: 0.5 }`].join('\n');

export const CASES: Case[] = [
  // ----- parse: syntax and hostile input
  { name: 'an unclosed flow sequence', files: edit(E, setLine(4, '    priority: [50')), code: 'TW_CONFIG_YAML_SYNTAX', file: E, at: [5, 5] },
  { name: 'a key indented by three spaces', files: edit(E, setLine(3, '   description: x')), code: 'TW_CONFIG_YAML_SYNTAX', file: E, at: [3, 4] },
  { name: 'a missing space after a colon inside a flow mapping', files: edit(E, setLine(13, '    then: { action:close')), code: 'TW_CONFIG_YAML_SYNTAX', file: E, at: [14, 5] },
  { name: 'a duplicate key', files: edit(E, insertAfter(4, '    priority: 60')), code: 'TW_CONFIG_DUPLICATE_KEY', file: E, at: [5, 5] },
  { name: 'a tab used for indentation', files: edit(E, setLine(4, '\tpriority: 50')), code: 'TW_CONFIG_TAB_INDENT', file: E, at: [4, 1] },
  { name: 'an empty rules file', files: whole(E, ''), code: 'TW_CONFIG_EMPTY_FILE', file: E, at: [1, 1] },
  { name: 'a comment-only strategies file', files: whole(S, '# nothing here yet\n'), code: 'TW_CONFIG_EMPTY_FILE', file: S, at: [1, 1] },
  { name: 'binary garbage with NUL bytes', files: whole(E, 'rules:\n\u0000\u0001\u0002\u00ff'), code: 'TW_CONFIG_BINARY_FILE', file: E, at: [2, 1] },
  { name: 'bytes that are not UTF-8', files: whole(E, 'rules:\n  - name: \uFFFD\uFFFD\n'), code: 'TW_CONFIG_BINARY_FILE', file: E, at: [2, 11] },
  { name: 'a 10 MB file', files: whole(E, `rules: []\n${'#'.repeat(10 * 1024 * 1024)}\n`), code: 'TW_CONFIG_FILE_TOO_LARGE', file: E, at: [1, 1] },
  { name: 'an alias bomb', files: whole(E, aliasBomb), code: 'TW_CONFIG_ALIAS_LIMIT', file: E, at: [2, 8] },
  { name: 'a missing strategies.yaml', files: (b) => b.filter((f) => f.path !== S), code: 'TW_CONFIG_FILE_MISSING', file: S, at: [1, 1] },
  // The first `{` is YAML level 4 (file mapping, rules list, rule mapping); `{ any: [` adds two levels in 8
  // characters, so level 101 is the 98th collection: 48 × 8 + 7 = 391 characters after column 11.
  { name: 'an any tree nested 500 deep in flow style', files: edit(E, setLine(8, `    when: ${flowAny(500)}`), setLine(9, ''), setLine(10, ''), setLine(11, ''), setLine(12, '')), code: 'TW_CONFIG_TOO_DEEP', file: E, at: [8, 402] },
  // Level k of the not-chain starts on line 8 + k at column 5 + 2k; level 33 is the first past the limit of 32.
  { name: 'a not chain 33 levels deep', files: edit(E, setLine(9, ''), setLine(10, ''), setLine(11, ''), setLine(12, ''), setLine(8, blockNots(33))), code: 'TW_CONFIG_TOO_DEEP', file: E, at: [41, 71] },
  { name: 'a YAML merge key', files: edit(E, setLine(27, '    <<: { severity: warning }')), code: 'TW_CONFIG_MERGE_KEY', file: E, at: [27, 5] },
  // ----- schema: keys, types, values
  { name: 'an unknown top-level key', files: edit(E, setLine(1, 'rulez:')), code: 'TW_CONFIG_UNKNOWN_KEY', file: E, at: [1, 1] },
  { name: 'a misspelt rule key', files: edit(E, setLine(14, '    severty: info')), code: 'TW_CONFIG_UNKNOWN_KEY', file: E, at: [14, 5] },
  { name: 'an unknown key in an action', files: edit(E, setLine(13, '    then: { action: close, style: limit }')), code: 'TW_CONFIG_UNKNOWN_KEY', file: E, at: [13, 28] },
  { name: 'a misspelt condition key', files: edit(E, setLine(11, '          operater: greaterThanInclusive')), code: 'TW_CONFIG_UNKNOWN_KEY', file: E, at: [11, 11] },
  { name: 'a misspelt strategy key', files: edit(S, setLine(4, '    underlyng: SPY')), code: 'TW_CONFIG_UNKNOWN_KEY', file: S, at: [4, 5] },
  { name: 'a missing required rule key', files: edit(E, setLine(14, '    enabled: true')), code: 'TW_CONFIG_MISSING_KEY', file: E, at: [2, 5] },
  { name: 'a priority written as a word', files: edit(E, setLine(4, '    priority: high')), code: 'TW_CONFIG_WRONG_TYPE', file: E, at: [4, 15] },
  { name: 'a quoted maxOpen', files: edit(S, setLine(14, '      maxOpen: "2"')), code: 'TW_CONFIG_WRONG_TYPE', file: S, at: [14, 16] },
  { name: 'yes for a boolean (a string in YAML 1.2)', files: edit(E, insertAfter(14, '    enabled: yes')), code: 'TW_CONFIG_WRONG_TYPE', file: E, at: [15, 14] },
  { name: 'not given a list', files: edit(E, setLine(9, '      not:')), code: 'TW_CONFIG_WRONG_TYPE', file: E, at: [10, 9] },
  { name: 'a misspelt scope', files: edit(E, setLine(5, '    scope: positon')), code: 'TW_CONFIG_BAD_VALUE', file: E, at: [5, 12] },
  { name: 'an unknown action', files: edit(E, setLine(13, '    then: { action: exit }')), code: 'TW_CONFIG_BAD_VALUE', file: E, at: [13, 21] },
  { name: 'a rule name that is not kebab-case', files: edit(E, setLine(2, '  - name: Take_Profit')), code: 'TW_CONFIG_BAD_VALUE', file: E, at: [2, 11] },
  { name: 'an unknown fact', files: edit(E, setLine(10, '        - fact: pnlPc')), code: 'TW_CONFIG_UNKNOWN_FACT', file: E, at: [10, 17] },
  { name: 'an unknown fact in a value reference', files: edit(E, setLine(12, '          value: { fact: creditt }')), code: 'TW_CONFIG_UNKNOWN_FACT', file: E, at: [12, 26] },
  { name: 'an unknown operator', files: edit(E, setLine(11, '          operator: greaterThen')), code: 'TW_CONFIG_UNKNOWN_OPERATOR', file: E, at: [11, 21] },
  { name: 'an unknown operator in an entry condition', files: edit(S, setLine(13, '          - { fact: vix, operator: lessThen, value: 30 }')), code: 'TW_CONFIG_UNKNOWN_OPERATOR', file: S, at: [13, 36] },
  // ----- semantic: conditions
  { name: 'an undeclared parameter', files: edit(E, setLine(12, '          value: { param: takeProfit }')), code: 'TW_CONFIG_UNKNOWN_PARAM', file: E, at: [12, 27] },
  { name: 'a quoted number for a numeric operator', files: edit(E, setLine(12, '          value: "0.5"')), code: 'TW_CONFIG_OPERATOR_VALUE', file: E, at: [12, 18] },
  { name: 'between given a single number', files: edit(E, setLine(11, '          operator: between'), setLine(12, '          value: 0.5')), code: 'TW_CONFIG_OPERATOR_VALUE', file: E, at: [12, 18] },
  { name: 'between given an inverted pair', files: edit(E, setLine(11, '          operator: between'), setLine(12, '          value: [0.9, 0.1]')), code: 'TW_CONFIG_OPERATOR_VALUE', file: E, at: [12, 18] },
  { name: 'a numeric operator on a boolean fact', files: edit(E, setLine(10, '        - fact: itm')), code: 'TW_CONFIG_FACT_TYPE', file: E, at: [11, 21] },
  { name: 'a position fact in a portfolio rule', files: edit(P, setLine(10, '        - fact: pnlPct')), code: 'TW_CONFIG_FACT_SCOPE', file: P, at: [10, 17] },
  { name: 'a position fact in an entry condition', files: edit(S, setLine(13, '          - { fact: dte, operator: lessThan, value: 30 }')), code: 'TW_CONFIG_FACT_SCOPE', file: S, at: [13, 21] },
  { name: 'a percent written on a fraction fact', files: edit(S, setLine(13, '          - { fact: vixChangePct, operator: lessThan, value: 20 }')), code: 'TW_CONFIG_PERCENT_SLIP', file: S, at: [13, 62] },
  { name: 'a percent as a fraction parameter default', files: edit(E, setLine(7, '      takeProfitPct: { default: 50, unit: fraction, description: Target. }')), code: 'TW_CONFIG_PERCENT_SLIP', file: E, at: [7, 33] },
  { name: 'a parameter compared with a fact of another unit', files: edit(E, setLine(10, '        - fact: dte')), code: 'TW_CONFIG_PARAM_MISMATCH', file: E, at: [12, 18] },
  { name: 'a close action in a portfolio rule', files: edit(P, setLine(13, '    then: { action: close }')), code: 'TW_CONFIG_ACTION', file: P, at: [13, 21] },
  { name: 'a fallback on an action that is never unexecutable', files: edit(P, setLine(13, '    then: { action: halt-entries, fallback: close }')), code: 'TW_CONFIG_ACTION', file: P, at: [13, 35] },
  { name: 'a fallback that is not next, close or none', files: edit(E, setLine(13, '    then: { action: close, fallback: reduce }')), code: 'TW_CONFIG_BAD_VALUE', file: E, at: [13, 38] },
  { name: 'a maxSlippage written as a percent string', files: edit(S, setLine(20, '    execution: { startPrice: mid, repriceStep: 0.01, repriceIntervalSeconds: 30, maxReprices: 5, onTimeout: cancel, maxSlippage: "10%" }')), code: 'TW_CONFIG_WRONG_TYPE', file: S, at: [20, 130] },
  { name: 'reduce without a fraction', files: edit(E, setLine(13, '    then: { action: reduce }')), code: 'TW_CONFIG_ACTION', file: E, at: [13, 11] },
  { name: 'a duplicate rule name', files: edit(E, setLine(15, '  - name: take-profit')), code: 'TW_CONFIG_DUPLICATE_NAME', file: E, at: [15, 11] },
  { name: 'two exclusive rules with the same scope and priority', files: edit(E, setLine(17, '    priority: 50')), code: 'TW_CONFIG_PRIORITY_TIE', file: E, at: [17, 15], severity: 'warning' },
  { name: 'a roll of the tested side only (not supported yet: rolls everything)', files: edit(E, setLine(13, '    then: { action: roll, rollSide: tested }')), code: 'TW_CONFIG_ROLL_SIDE', file: E, at: [13, 27], severity: 'warning' },
  { name: 'appliesTo naming nothing', files: edit(E, insertAfter(5, '    appliesTo: [nonexistent]')), code: 'TW_CONFIG_UNKNOWN_APPLIES_TO', file: E, at: [6, 17], severity: 'warning' },
  // ----- semantic: strategies
  { name: 'a duplicate strategy name', files: edit(S, (t) => `${t.trimEnd()}\n${t.split('\n').slice(1).join('\n')}`), code: 'TW_CONFIG_DUPLICATE_NAME', file: S, at: [21, 11] },
  { name: 'a strategy naming an unknown rule', files: edit(S, setLine(17, '      rules: [take-profit, stop-los]')), code: 'TW_CONFIG_UNKNOWN_RULE', file: S, at: [17, 28] },
  { name: 'an override of an unknown parameter', files: edit(S, setLine(19, '        takeProfitPc: 0.5')), code: 'TW_CONFIG_UNKNOWN_OVERRIDE', file: S, at: [19, 9] },
  { name: 'an override of the wrong type', files: edit(S, setLine(19, '        takeProfitPct: half')), code: 'TW_CONFIG_PARAM_MISMATCH', file: S, at: [19, 24] },
  { name: 'a settings override matching no portfolio parameter', files: edit(S, insertAfter(0, 'settings:\n  params:\n    dailyLossLimit: -0.05')), code: 'TW_CONFIG_UNKNOWN_OVERRIDE', file: S, at: [3, 5] },
  { name: 'a percent written as a fraction override', files: edit(S, setLine(19, '        takeProfitPct: 50')), code: 'TW_CONFIG_PERCENT_SLIP', file: S, at: [19, 24] },
  { name: 'a percent written for maxRiskFraction', files: edit(S, setLine(15, '    sizing: { maxRiskFraction: 2, maxContracts: 3 }')), code: 'TW_CONFIG_PERCENT_SLIP', file: S, at: [15, 32] },
  { name: 'a delta written as a percent', files: edit(S, setLine(7, '      targetDelta: 16')), code: 'TW_CONFIG_PERCENT_SLIP', file: S, at: [7, 20] },
  { name: 'a take-profit beyond max profit', files: edit(S, setLine(19, '        takeProfitPct: 1.2')), code: 'TW_CONFIG_CONTRADICTION', file: S, at: [19, 24] },
  { name: 'a stop-loss at zero', files: edit(S, insertAfter(19, '        stopLossMultiple: 0')), code: 'TW_CONFIG_CONTRADICTION', file: S, at: [20, 27] },
  { name: 'a trailing activation below its retrace', files: withMoreRules('        trailActivationPct: 0.1'), code: 'TW_CONFIG_CONTRADICTION', file: S, at: [20, 29] },
  { name: 'a DTE exit after expiry', files: withMoreRules('        timeExitDte: -1'), code: 'TW_CONFIG_CONTRADICTION', file: S, at: [20, 22] },
  { name: 'an undefined-risk structure without the flag', files: edit(S, setLine(5, '    structure: short-strangle'), setLine(8, '      # no wings')), code: 'TW_CONFIG_UNDEFINED_RISK', file: S, at: [5, 16] },
  { name: 'an inverted DTE window', files: edit(S, setLine(9, '      dte: { min: 50, max: 30, target: 45 }')), code: 'TW_CONFIG_DTE_WINDOW', file: S, at: [9, 12] },
  { name: 'a DTE target outside its window', files: edit(S, setLine(9, '      dte: { min: 30, max: 50, target: 60 }')), code: 'TW_CONFIG_DTE_WINDOW', file: S, at: [9, 12] },
  { name: 'a strategy with entries but no exit rule', files: edit(S, setLine(17, '      rules: []'), setLine(18, ''), setLine(19, '')), code: 'TW_CONFIG_NO_EXIT_RULE', file: S, at: [2, 11] },
  { name: 'a condor without wings', files: edit(S, setLine(8, '      # no wings')), code: 'TW_CONFIG_STRUCTURE', file: S, at: [7, 7] },
  { name: 'an entry window that ends before it starts', files: edit(S, insertAfter(13, '      schedule: { from: "15:00", until: "10:00" }')), code: 'TW_CONFIG_BAD_VALUE', file: S, at: [14, 41] },
];

