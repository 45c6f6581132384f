import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../engine/evaluate/index.ts';
import { formatFinding, loadConfigFromFiles, MAX_CONDITION_DEPTH, MAX_YAML_DEPTH } from '../../engine/config/index.ts';
import { baseFiles, setLine, withFile } from './helpers.ts';
import { blockNots, flowAny } from './corpus-cases.ts';

const E = 'rules/exits.yaml';
const S = 'strategies.yaml';
const deepRule = (when: string) => `  - name: deep\n    description: Deep.\n    priority: 7\n    scope: position\n${when}\n    then: { action: alert }\n    severity: info\n`;
const withRule = (when: string) => withFile(baseFiles(), E, (t) => `${t.trimEnd()}\n${deepRule(when)}`);

describe('nesting limits', () => {
  it('documents the limits it enforces', () => {
    expect(MAX_CONDITION_DEPTH).toBe(32);
    expect(MAX_YAML_DEPTH).toBe(100);
  });

  it('accepts, compiles and evaluates a condition tree exactly at the limit of 32 levels', () => {
    const { config, findings } = loadConfigFromFiles(withRule(blockNots(32)));
    expect(findings.map(formatFinding)).toEqual([]);
    expect(() => compileRuleSet(config!)).not.toThrow();
  });

  it('refuses a tree one level past the limit, naming the cause and pointing at the 33rd level', () => {
    const { config, findings } = loadConfigFromFiles(withRule(blockNots(33)));
    expect(config).toBeNull();
    const deep = findings.filter((f) => f.code === 'TW_CONFIG_TOO_DEEP');
    expect(deep).toHaveLength(1);
    expect(deep[0].message).toBe('all/any/not conditions nest more than 32 levels deep here');
    // The appended rule's `when:` is on line 32 of exits.yaml; level k starts on the line after at column 5 + 2k.
    expect(`${deep[0].line}:${deep[0].col}`).toBe(`${32 + 33}:71`);
  });

  for (const depth of [500, 5_000, 50_000]) {
    it(`reports an any tree ${depth} deep as too deep, never as a YAML syntax error or a stack overflow`, () => {
      const { config, findings } = loadConfigFromFiles(withRule(`    when: ${flowAny(depth)}`));
      expect(config).toBeNull();
      expect(findings.map((f) => f.code)).toEqual(['TW_CONFIG_TOO_DEEP']);
      expect(findings[0].message).toBe('mappings and lists nest more than 100 levels deep here');
      expect(findings[0].message).not.toMatch(/call stack/i);
    });
  }

  it('measures the data, not only the text, so aliases cannot build a structure deeper than the limit', () => {
    // Four anchors, each a list holding the previous one 30 levels down: the text nests 32 levels, the data 122.
    const lines = ['a0: &a0 [1]', ...Array.from({ length: 4 }, (_, i) => `a${i + 1}: &a${i + 1} ${'['.repeat(30)}*a${i}${']'.repeat(30)}`), 'rules: *a4'];
    const { config, findings } = loadConfigFromFiles(withFile(baseFiles(), 'rules/aliases.yaml', () => `${lines.join('\n')}\n`));
    expect(config).toBeNull();
    expect(findings.map((f) => f.code)).toContain('TW_CONFIG_TOO_DEEP');
    expect(findings.find((f) => f.code === 'TW_CONFIG_TOO_DEEP')!.file).toBe('rules/aliases.yaml');
  });

  it('limits entry conditions of strategies the same way', () => {
    const files = withFile(baseFiles(), S, (t) => setLine(13, `          - ${flowAny(40)}`)(t));
    const { findings } = loadConfigFromFiles(files);
    const deep = findings.find((f) => f.code === 'TW_CONFIG_TOO_DEEP');
    expect(deep?.message).toBe('all/any/not conditions nest more than 32 levels deep here');
    expect(deep?.file).toBe(S);
  });
});
