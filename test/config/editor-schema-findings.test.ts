import { describe, expect, it } from 'vitest';
import { loadConfigFromFiles, type Finding } from '../../engine/config/index.ts';
import { baseFiles, setLine, withFile } from './helpers.ts';

// The editor-friendly schema offers each condition node and value as an `anyOf` of shapes; `validate` must still
// report one precise finding inside the shape the node means (engine/config/schema-branches.ts), and leave the
// editor-only fraction hints to its own TW_CONFIG_PERCENT_SLIP.
const E = 'rules/exits.yaml';

function findings(line: number, text: string): Finding[] {
  return loadConfigFromFiles(withFile(baseFiles(), E, setLine(line, text))).findings;
}
const brief = (fs: Finding[]) => fs.map((f) => `${f.line}:${f.col} ${f.code}`);

describe('validate on the anyOf condition schema', () => {
  it('reports a leaf without a value as one missing key, not as a failed all/any/not', () => {
    const fs = findings(12, '          ');
    expect(brief(fs)).toEqual(['10:11 TW_CONFIG_MISSING_KEY']);
    expect(fs[0].message).toContain('"value"');
  });

  it('reports a stray key beside all as one unknown key, and does not check it as a leaf', () => {
    const fs = findings(9, '      fact: nope\n      all:');
    expect(brief(fs)).toEqual(['9:7 TW_CONFIG_UNKNOWN_KEY']);
    expect(fs[0].message).toContain('"fact"');
  });

  it('reports a list where a condition goes as one wrong type naming a mapping', () => {
    const fs = loadConfigFromFiles(withFile(baseFiles(), E, (t) => t.replace('    when:\n      all:\n        - fact: pnlPct', '    when:\n      - all:\n        - fact: pnlPct'))).findings;
    expect(brief(fs)).toEqual(['9:7 TW_CONFIG_WRONG_TYPE']);
    expect(fs[0].message).toContain('a mapping');
  });

  it('reports an unknown fact inside a value reference at the fact', () => {
    expect(brief(findings(12, '          value: { fact: pnlPtc }'))).toEqual(['12:26 TW_CONFIG_UNKNOWN_FACT']);
  });

  it('reports a parameter default of the wrong type once, naming every allowed type', () => {
    const fs = findings(7, '      takeProfitPct: { default: [0.5], unit: fraction, description: Target. }');
    expect(brief(fs)).toEqual(['7:33 TW_CONFIG_WRONG_TYPE']);
    expect(fs[0].message).toContain('a number or a string or a boolean');
  });

  it('leaves a percent fraction default to TW_CONFIG_PERCENT_SLIP, without the hint\'s "must be <= 10"', () => {
    const fs = findings(7, '      takeProfitPct: { default: 50, unit: fraction, description: Target. }');
    expect(brief(fs)).toEqual(['7:33 TW_CONFIG_PERCENT_SLIP']);
  });

  it('leaves a percent reduce fraction to TW_CONFIG_PERCENT_SLIP', () => {
    const fs = findings(13, '    then: { action: reduce, fraction: 50 }');
    expect(brief(fs)).toEqual(['13:29 TW_CONFIG_PERCENT_SLIP']);
  });

  it('reports a text where a number or reference goes as one wrong type', () => {
    const fs = findings(13, '    then: { action: reduce, fraction: half }');
    expect(brief(fs)).toEqual(['13:39 TW_CONFIG_WRONG_TYPE']);
    expect(fs[0].message).toContain('a number or a mapping');
  });
});
