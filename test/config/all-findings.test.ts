import { describe, expect, it } from 'vitest';
import { formatFinding, loadConfigFromFiles } from '../../engine/config/index.ts';
import { baseFiles, insertAfter, setLine, withFile } from './helpers.ts';

const E = 'rules/exits.yaml';
const P = 'rules/portfolio.yaml';
const S = 'strategies.yaml';
const at = (findings: { file: string; line: number; col: number; code: string }[]) => findings.map((f) => `${f.file}:${f.line}:${f.col} ${f.code}`);

describe('one validation run reports every finding later stages can still check', () => {
  it('reports schema and semantic errors across files, rules and strategies in one run', () => {
    let files = baseFiles();
    files = withFile(files, E, (t) => setLine(26, '    then: { action: reduce }')(setLine(14, '    severty: info')(t))); // schema in one rule, semantic in the next
    files = withFile(files, P, setLine(13, '    then: { action: close }')); // semantic, another file
    const second = ['  - name: ic2', '    underlying: SPY', '    structure: iron-condor', '    legs: { targetDelta: 0.16, wingWidth: 5, dte: { min: 30, max: 50, target: 45 } }', '    entry: { maxOpen: "2" }', '    sizing: { contracts: 1 }', '    manage: { rules: [stop-loss] }', '    execution: { startPrice: mid, repriceStep: 0.01, repriceIntervalSeconds: 30, maxReprices: 5, onTimeout: cancel }'].join('\n');
    files = withFile(files, S, (t) => `${setLine(17, '      rules: [take-profit, stop-los]')(setLine(7, '      targetDelta: 16')(t)).trimEnd()}\n${second}\n`);
    const { config, findings } = loadConfigFromFiles(files);
    expect(config).toBeNull();
    expect(at(findings), findings.map(formatFinding).join('\n')).toEqual([
      'rules/exits.yaml:2:5 TW_CONFIG_MISSING_KEY', // take-profit: schema (severity misspelt)
      'rules/exits.yaml:14:5 TW_CONFIG_UNKNOWN_KEY',
      'rules/exits.yaml:26:11 TW_CONFIG_ACTION', // stop-loss: still checked, reduce needs a fraction
      'rules/portfolio.yaml:13:21 TW_CONFIG_ACTION', // another file: close is not a portfolio action
      'strategies.yaml:7:20 TW_CONFIG_PERCENT_SLIP', // strategy ic: its own checks
      'strategies.yaml:17:28 TW_CONFIG_UNKNOWN_RULE', // strategy ic: a reference check that does not depend on the broken rule
      'strategies.yaml:25:23 TW_CONFIG_WRONG_TYPE', // strategy ic2: schema
    ]);
  });

  it('does not report a strategy\'s reference to a rule that failed the schema as unknown', () => {
    const files = withFile(baseFiles(), E, setLine(14, '    severty: info'));
    const { findings } = loadConfigFromFiles(files);
    expect(at(findings)).toEqual(['rules/exits.yaml:2:5 TW_CONFIG_MISSING_KEY', 'rules/exits.yaml:14:5 TW_CONFIG_UNKNOWN_KEY']);
  });

  it('still checks the overrides of a strategy that no broken rule can manage', () => {
    // The broken rule applies only to another strategy's tag, so ic's rules are all known.
    const files = withFile(withFile(baseFiles(), E, (t) => `${t.trimEnd()}\n  - name: other\n    description: x\n    priority: 1\n    scope: position\n    appliesTo: [nothing]\n    when: { all: [{ fact: dte, operator: lessThan, value: 1 }] }\n    then: { action: close }\n    severity: loud\n`), S, setLine(19, '        takeProfitPc: 0.5'));
    const { findings } = loadConfigFromFiles(files);
    expect(at(findings)).toEqual(['rules/exits.yaml:35:15 TW_CONFIG_BAD_VALUE', 'strategies.yaml:19:9 TW_CONFIG_UNKNOWN_OVERRIDE']);
  });
});

describe('YAML merge keys', () => {
  it('are reported at the << key with their own code, not as the keys the merge would have supplied', () => {
    const files = withFile(baseFiles(), E, (t) => setLine(27, '    <<: *sev')(setLine(14, '    severity: &sev info')(t)));
    const { config, findings } = loadConfigFromFiles(files);
    expect(config).toBeNull();
    expect(at(findings)).toEqual(['rules/exits.yaml:27:5 TW_CONFIG_MERGE_KEY']);
    expect(findings[0].hint).toMatch(/write the keys out/);
  });

  it('leave the other rules of the file checked', () => {
    const files = withFile(baseFiles(), E, (t) => insertAfter(14, '    <<: { enabled: true }')(setLine(11, '          operator: greaterThen')(t)));
    const { findings } = loadConfigFromFiles(files);
    expect(at(findings)).toEqual(['rules/exits.yaml:11:21 TW_CONFIG_UNKNOWN_OPERATOR', 'rules/exits.yaml:15:5 TW_CONFIG_MERGE_KEY']);
  });
});
