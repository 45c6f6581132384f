import { describe, expect, it } from 'vitest';
import { formatFinding, loadConfigFromFiles } from '../../../engine/config/index.ts';
import { lintConfig } from '../../../engine/config/lint/index.ts';
import { CASES, filesOf, RULES, type LintCase } from './cases.ts';

/** 1-based line and column of the first non-blank character of the first line containing `text`. */
function lineOf(body: string, text: string, nth = 1): [number, number] {
  const lines = body.split('\n');
  const i = lines.map((l, k) => (l.includes(text) ? k : -1)).filter((k) => k >= 0)[nth - 1] ?? -1;
  if (i < 0) throw new Error(`no line contains ${text}`);
  return [i + 1, lines[i].search(/\S/) + 1 + (lines[i].trimStart().startsWith('- ') ? 2 : 0)];
}

function lint(c: LintCase) {
  const files = filesOf(c);
  const { config, findings } = loadConfigFromFiles(files);
  expect(findings.filter((f) => f.severity === 'error').map(formatFinding), c.name).toEqual([]);
  return { warnings: lintConfig(config!), rules: files.find((f) => f.path === RULES)!.text };
}

describe('the lint corpus', () => {
  it('holds cases for every lint code and near misses that must stay silent', () => {
    const codes = new Set(CASES.flatMap((c) => c.expect.map((e) => e.code)));
    expect([...codes].sort()).toEqual(['TW_LINT_NEVER_TRUE', 'TW_LINT_OVERLAP', 'TW_LINT_SHADOWED', 'TW_LINT_UNMANAGED']);
    expect(CASES.filter((c) => c.expect.length === 0).length).toBeGreaterThanOrEqual(5);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  for (const c of CASES) {
    const label = c.expect.length ? c.expect.map((e) => e.code).join(', ') : 'nothing';
    it(`reports ${label} for ${c.name}`, () => {
      const { warnings, rules } = lint(c);
      const shown = warnings.map(formatFinding).join('\n');
      expect(warnings.length, shown).toBe(c.expect.length);
      for (const e of c.expect) {
        const [line, col] = lineOf(rules, e.at, e.nth);
        const hit = warnings.find((w) => w.code === e.code && w.line === line);
        expect(hit, `${e.code} at ${RULES}:${line}:${col}\n${shown}`).toBeDefined();
        expect(`${hit!.file}:${hit!.line}:${hit!.col}`).toBe(`${RULES}:${line}:${col}`);
        expect(hit!.severity).toBe('warning');
        expect(hit!.hint.length).toBeGreaterThan(10);
        if (e.by) expect(hit!.message).toContain(`"${e.by}" (${RULES}:${lineOf(rules, `name: ${e.by}`).join(':')}`);
        for (const s of e.says ?? []) expect(hit!.message).toContain(s);
      }
    });
  }
});
