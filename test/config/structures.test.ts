/**
 * The config reads the structure catalogue: for every structure it lists, a strategy with the keys its legs need
 * loads, and one that lacks them or sets keys its legs do not use is refused at the key, with the structure named.
 * Nothing here lists structures by hand.
 */
import { describe, expect, it } from 'vitest';
import { STRUCTURE_LIST, type StructureTemplate } from '../../engine/catalogue/index.ts';
import { loadConfigFromFiles, type Finding } from '../../engine/config/index.ts';
import { shippedFiles } from './helpers.ts';

const rules = shippedFiles().filter((f) => f.path.startsWith('rules/') || f.path === 'facts.yaml'); // the rules, and the derived facts they use

function load(t: StructureTemplate, legs: { wingWidth?: boolean; backDte?: boolean }) {
  const text = `strategies:
  - name: test-strategy
    tags: [${t.kind}]
    underlying: SPY
    structure: ${t.name}
    allowUndefinedRisk: ${t.risk === 'undefined'}
    legs:
      targetDelta: 0.3
      dte: { min: 30, max: 40, target: 35 }
${legs.wingWidth ? '      wingWidth: 5\n' : ''}${legs.backDte ? '      backDte: { min: 50, max: 70, target: 60 }\n' : ''}    entry: { maxOpen: 1 }
    sizing: { contracts: 1 }
    manage: { rules: [time-exit] }
    execution: { startPrice: mid, repriceStep: 0.05, repriceIntervalSeconds: 30, maxReprices: 3, onTimeout: cancel }
`;
  return loadConfigFromFiles([{ path: 'strategies.yaml', text }, ...rules]);
}

const structural = (fs: readonly Finding[]) => fs.filter((f) => f.code === 'TW_CONFIG_STRUCTURE').map((f) => `${f.line}: ${f.message}`);

describe('strategies of every catalogue structure', () => {
  for (const t of STRUCTURE_LIST) {
    it(`load for ${t.name} with exactly the leg keys it needs${t.needsWing ? ' (wingWidth)' : ''}${t.needsBackDte ? ' (backDte)' : ''}`, () => {
      const r = load(t, { wingWidth: t.needsWing, backDte: t.needsBackDte });
      expect(r.findings.filter((f) => f.severity === 'error').map((f) => f.message)).toEqual([]);
      expect(r.config?.strategies[0].structure).toBe(t.name);
    });

    it(`refuse ${t.name} with the wrong wing and back-month keys, naming the structure`, () => {
      const r = load(t, { wingWidth: !t.needsWing, backDte: !t.needsBackDte });
      expect(r.config).toBeNull();
      const got = structural(r.findings);
      expect(got).toHaveLength(2);
      for (const m of got) expect(m).toContain(t.name);
      expect(got.some((m) => m.includes('wingWidth'))).toBe(true);
      expect(got.some((m) => m.includes('backDte'))).toBe(true);
    });
  }
});
