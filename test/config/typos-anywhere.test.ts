import { describe, expect, it } from 'vitest';
import { isScalar, isSeq, LineCounter, parseDocument, visit, type Pair } from 'yaml';
import { loadConfigFromFiles, formatFinding, type ConfigFileText } from '../../engine/config/index.ts';
import { shippedFiles, withFile } from './helpers.ts';

interface Target {
  file: string;
  offset: number;
  length: number;
  kind: 'operator' | 'fact' | 'key' | 'rule reference';
  line: number;
  col: number;
}

/** Every operator value, fact value, mapping key and manage.rules entry in the shipped files, with its position. */
function targets(files: ConfigFileText[]): Target[] {
  const out: Target[] = [];
  for (const f of files) {
    const lineCounter = new LineCounter();
    const doc = parseDocument(f.text, { lineCounter });
    const add = (node: unknown, kind: Target['kind']) => {
      if (!isScalar(node) || !node.range) return;
      const { line, col } = lineCounter.linePos(node.range[0]);
      out.push({ file: f.path, offset: node.range[0], length: node.range[1] - node.range[0], kind, line, col });
    };
    visit(doc, {
      Pair(_k, pair: Pair) {
        if (!isScalar(pair.key)) return;
        add(pair.key, 'key');
        const key = String(pair.key.value);
        if (key === 'operator') add(pair.value, 'operator');
        if (key === 'fact') add(pair.value, 'fact');
        if (key === 'rules' && isSeq(pair.value) && f.path === 'strategies.yaml') for (const item of pair.value.items) add(item, 'rule reference');
      },
    });
  }
  return out;
}

const base = shippedFiles();
const all = targets(base);

describe('a typo anywhere in the shipped files', () => {
  it('finds typo targets of every kind', () => {
    const kinds = new Set(all.map((t) => t.kind));
    expect([...kinds].sort()).toEqual(['fact', 'key', 'operator', 'rule reference']);
    expect(all.length).toBeGreaterThan(300);
  });

  it('is reported at its own line and column, as an error, for every operator, fact, key and rule reference', () => {
    const misses: string[] = [];
    for (const t of all) {
      const files = withFile(base, t.file, (text) => `${text.slice(0, t.offset + t.length)}x${text.slice(t.offset + t.length)}`);
      const { config, findings } = loadConfigFromFiles(files);
      const here = findings.some((f) => f.file === t.file && f.line === t.line && f.col === t.col);
      const errors = findings.some((f) => f.severity === 'error');
      if (!here || !errors || config !== null) {
        misses.push(`${t.kind} at ${t.file}:${t.line}:${t.col}: ${findings.map(formatFinding).join(' | ') || 'no findings'}`);
      }
    }
    expect(misses).toEqual([]);
  }, 180_000);
});
