import { describe, expect, it } from 'vitest';
import { formatFinding, loadConfigFromFiles, type ConfigFileText } from '../../engine/config/index.ts';
import { baseFiles, setLine, withFile } from './helpers.ts';

const FACTS = 'facts.yaml';
const at = (findings: { file: string; line: number; col: number; code: string }[]) => findings.map((f) => `${f.file}:${f.line}:${f.col} ${f.code}`);

const factsYaml = (...facts: string[]) => `facts:\n${facts.join('')}`;
const fact = (name: string, expr: string, unit: string, extra = '') => `  - name: ${name}\n    expr: ${expr}\n    unit: ${unit}\n    description: ${name}.\n${extra}`;

/** The base config with a facts.yaml, and a position rule `share-exit` on `when` managed by strategy ic. */
function withDerived(facts: string, when = '{ all: [{ fact: creditShare, operator: lessThan, value: 0.05 }] }', scope = 'position'): ConfigFileText[] {
  const rule = `rules:\n  - name: share-exit\n    description: Close on a derived fact.\n    priority: 60\n    scope: ${scope}\n    when: ${when}\n    then: { action: ${scope === 'position' ? 'close' : 'halt-entries'} }\n    severity: info\n`;
  const files = withFile(withFile(baseFiles(), FACTS, () => facts), 'rules/derived.yaml', () => rule);
  return scope === 'position' ? withFile(files, 'strategies.yaml', setLine(17, '      rules: [take-profit, stop-loss, share-exit]')) : files;
}

describe('facts.yaml', () => {
  it('defines facts that rules use in `when`, resolved in dependency order with their inferred scope', () => {
    const { config, findings } = loadConfigFromFiles(withDerived(factsYaml(
      fact('creditShare', 'coalesce(retained / credit, 0)', 'ratio'),
      fact('retained', 'credit + pnl', 'currency'),
      fact('vixOverTwenty', 'vix - 20', 'index-points'),
    )));
    expect(findings.map(formatFinding)).toEqual([]);
    expect(config!.derivedFacts!.map((d) => [d.name, d.scope, d.reads])).toEqual([
      ['retained', 'position', ['credit', 'pnl']],
      ['creditShare', 'position', ['retained', 'credit']],
      ['vixOverTwenty', 'portfolio', ['vix']],
    ]);
    expect(config!.files).toContain(FACTS);
    expect(config!.derivedFacts![0].source).toMatchObject({ file: FACTS, line: 6, col: 5 });
  });

  it('is part of the config version: changing only an expression changes the version', () => {
    const one = loadConfigFromFiles(withDerived(factsYaml(fact('creditShare', 'coalesce(pnl / credit, 0)', 'ratio')))).config!;
    const two = loadConfigFromFiles(withDerived(factsYaml(fact('creditShare', 'coalesce(pnl / credit, 1)', 'ratio')))).config!;
    expect(one.version).not.toBe(two.version);
    expect(loadConfigFromFiles(baseFiles()).config!.derivedFacts).toBeUndefined();
  });

  it('reports an expression\'s problems at the line and column of the offending token inside the YAML string', () => {
    const { config, findings } = loadConfigFromFiles(withDerived(factsYaml(
      fact('creditShare', 'pnl / credit', 'ratio'), // line 3: the / at column 15
      fact('mixed', 'pnl + pnlPct', 'currency'), // line 7: the + at column 15
      fact('typo', '"pnll * 2"', 'currency'), // line 11: quoted, pnll at column 12
      fact('broken', 'max(pnl,', 'currency'), // line 15: column 19, after the comma
    )));
    expect(config).toBeNull();
    expect(at(findings), findings.map(formatFinding).join('\n')).toEqual([
      'facts.yaml:3:15 TW_FACTS_DIVISION_BY_ZERO',
      'facts.yaml:7:15 TW_FACTS_UNIT_MISMATCH',
      'facts.yaml:11:12 TW_FACTS_UNKNOWN_NAME',
      'facts.yaml:15:19 TW_FACTS_SYNTAX',
    ]);
    expect(formatFinding(findings[0])).toContain('declare onZero: null');
    expect(findings[2].message).toContain('did you mean "pnl"?');
  });

  it('accepts a division by a fact once onZero: null is declared', () => {
    const { config } = loadConfigFromFiles(withDerived(factsYaml(fact('creditShare', 'pnl / credit', 'ratio', '    onZero: null\n'))));
    expect(config!.derivedFacts![0]).toMatchObject({ name: 'creditShare', onZeroNull: true });
  });

  it('refuses a declared unit the expression does not compute, at the unit', () => {
    const { findings } = loadConfigFromFiles(withDerived(factsYaml(fact('creditShare', 'coalesce(pnl / credit, 0)', 'currency'))));
    expect(at(findings)).toEqual(['facts.yaml:4:11 TW_FACTS_UNIT_DECLARED']);
    expect(findings[0].hint).toBe('declare unit: ratio');
  });

  it('refuses cycles between derived facts, once per cycle', () => {
    const { findings } = loadConfigFromFiles(withDerived(factsYaml(
      fact('creditShare', 'coalesce(a / credit, 0)', 'ratio'),
      fact('a', 'b + 1', 'currency'),
      fact('b', 'a * 2', 'currency'),
    )));
    expect(at(findings)).toEqual(['facts.yaml:7:11 TW_FACTS_CYCLE']);
    expect(findings[0].message).toContain('a → b → a');
  });

  it('refuses a name that shadows a catalogue fact, or is defined twice', () => {
    const { findings } = loadConfigFromFiles(withDerived(factsYaml(
      fact('creditShare', 'coalesce(pnl / credit, 0)', 'ratio'),
      fact('pnl', 'credit * 2', 'currency'),
      fact('creditShare', '2 * 1', 'ratio'),
    )));
    expect(at(findings)).toEqual(['facts.yaml:6:11 TW_FACTS_NAME_TAKEN', 'facts.yaml:10:11 TW_FACTS_NAME_TAKEN']);
  });

  it('refuses a portfolio rule that uses a position derived fact, and entry facts in a derived fact', () => {
    const position = loadConfigFromFiles(withDerived(factsYaml(fact('creditShare', 'coalesce(pnl / credit, 0)', 'ratio')), undefined, 'portfolio'));
    expect(at(position.findings)).toEqual(['rules/derived.yaml:6:27 TW_CONFIG_FACT_SCOPE']);
    const entry = loadConfigFromFiles(withDerived(factsYaml(fact('creditShare', 'atmIv * 2', 'vol'))));
    expect(at(entry.findings)).toEqual(['facts.yaml:3:11 TW_FACTS_SCOPE']);
  });

  it('checks a rule\'s value against the derived fact\'s unit like a catalogue fact (a percent slip on a fraction)', () => {
    const { findings } = loadConfigFromFiles(withDerived(factsYaml(fact('creditShare', 'coalesce(pnl / credit, 0)', 'fraction')), '{ all: [{ fact: creditShare, operator: lessThan, value: 5 }] }'));
    expect(at(findings)).toEqual(['rules/derived.yaml:6:67 TW_CONFIG_PERCENT_SLIP']);
  });

  it('gives rules a true/false derived fact to test with equal, and refuses numeric operators on it', () => {
    const ok = loadConfigFromFiles(withDerived(factsYaml(fact('losingItm', 'itm && pnl < 0', 'boolean')), '{ all: [{ fact: losingItm, operator: equal, value: true }] }'));
    expect(ok.findings.map(formatFinding)).toEqual([]);
    const numeric = loadConfigFromFiles(withDerived(factsYaml(fact('losingItm', 'itm && pnl < 0', 'boolean')), '{ all: [{ fact: losingItm, operator: lessThan, value: 1 }] }'));
    expect(at(numeric.findings)).toEqual(['rules/derived.yaml:6:48 TW_CONFIG_FACT_TYPE']);
    const declared = loadConfigFromFiles(withDerived(factsYaml(fact('losingItm', 'itm && pnl < 0', 'currency')), '{ all: [{ fact: losingItm, operator: equal, value: true }] }'));
    expect(declared.findings.map((f) => f.code)).toContain('TW_FACTS_UNIT_DECLARED');
  });

  it('still reports a rule\'s unknown fact when no derived fact has that name', () => {
    const { findings } = loadConfigFromFiles(withDerived(factsYaml(fact('creditShare', 'coalesce(pnl / credit, 0)', 'ratio')), '{ all: [{ fact: creditShar, operator: lessThan, value: 0.05 }] }'));
    expect(at(findings)).toEqual(['rules/derived.yaml:6:27 TW_CONFIG_UNKNOWN_FACT']);
  });

  it('schema-checks facts.yaml like the other files', () => {
    const { findings } = loadConfigFromFiles(withDerived(factsYaml(fact('creditShare', 'coalesce(pnl / credit, 0)', 'ratio', '    onZero: 0\n    scop: position\n'))));
    expect(at(findings)).toEqual(['facts.yaml:6:13 TW_CONFIG_WRONG_TYPE', 'facts.yaml:7:5 TW_CONFIG_UNKNOWN_KEY']);
  });
});
