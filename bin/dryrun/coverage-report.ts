/**
 * Rule coverage as text (for people), JSON (for tools) and Cobertura XML (what CI coverage views read: GitLab's
 * `coverage_report`, Azure DevOps, Jenkins). docs/dry-run.md, "Rule coverage", defines the goals and the percentage.
 */
import type { CoverageReport, LeafCoverage, RuleCoverage } from './coverage.ts';

export type CoverageFormat = 'text' | 'json' | 'cobertura';

export function renderCoverage(c: CoverageReport, format: CoverageFormat, timestampMs = 0): string {
  if (format === 'json') return `${JSON.stringify(coverageJson(c), null, 2)}\n`;
  if (format === 'cobertura') return cobertura(c, timestampMs);
  return `${coverageText(c).join('\n')}\n`;
}

export function pct(ratio: number): string {
  return `${(Math.floor(ratio * 1000) / 10).toFixed(1)}%`;
}

export function coverageJson(c: CoverageReport) {
  const configs = c.configs.map((x) => ({ ...x, ratio: Number(x.ratio.toFixed(4)) }));
  return { ratio: Number(c.ratio.toFixed(4)), goals: c.goals, met: c.met, gated: c.gated, scenarios: c.scenarios.length, configs, rules: c.rules, disagreements: c.disagreements };
}

function names(list: readonly string[], max = 4): string {
  if (!list.length) return '';
  const shown = list.slice(0, max).map((n) => n.replace(/^scenarios\//, ''));
  return ` (${shown.join(', ')}${list.length > max ? `, … ${list.length - max} more` : ''})`;
}

function count(n: number): string {
  return `${n} scenario${n === 1 ? '' : 's'}`;
}

function leafLine(r: RuleCoverage, l: LeafCoverage): string {
  const mark = l.trueIn.length && l.falseIn.length ? '✓' : '✗';
  const t = l.trueIn.length ? `true in ${l.trueIn.length}${names(l.trueIn, 3)}` : 'never true';
  const f = l.falseIn.length ? `false in ${l.falseIn.length}` : 'never false';
  return `      ${mark} \`${l.label}\` (${r.file}:${l.line}): ${t}, ${f}`;
}

export function coverageText(c: CoverageReport): string[] {
  const of = c.gated === null ? 'every config' : `the rules of config ${c.gated}`;
  const out = [`rule coverage: ${pct(c.ratio)} (${c.met} of ${c.goals} goals) of ${of}, over ${count(c.scenarios.length)}`];
  out.push('  goals: each rule fired once; each leaf condition true once and false once, where evaluated (docs/dry-run.md)');
  let config: string | null = null;
  for (const r of c.rules) {
    if (r.config !== config) {
      config = r.config;
      const x = c.configs.find((k) => k.config === r.config)!;
      out.push(`  config ${config}: ${pct(x.ratio)} (${x.met} of ${x.goals} goals)${c.gated !== null && c.gated !== config ? ', not gated' : ''}`);
    }
    const mark = r.met === r.goals ? '✓' : '✗';
    const fired = r.firedIn.length ? `fired in ${count(r.firedIn.length)}${names(r.firedIn)}` : 'never fired';
    const pre = r.preemptedIn.length ? `pre-empted in ${count(r.preemptedIn.length)}${names(r.preemptedIn)}` : 'never pre-empted';
    const reached = r.reachedIn.length ? `reached in ${r.reachedIn.length}` : 'never reached';
    out.push(`    ${mark} ${r.rule} (${r.file}:${r.line}): ${fired}, ${pre}, ${reached}; ${r.met} of ${r.goals} goals`);
    for (const l of r.leaves) out.push(leafLine(r, l));
  }
  const where = (r: RuleCoverage) => (c.rules.some((x) => x.rule === r.rule && x.config !== r.config) ? `${r.config}: ${r.rule}` : r.rule);
  const never = c.rules.filter((r) => !r.reachedIn.length).map(where);
  const unfired = c.rules.filter((r) => r.reachedIn.length && !r.firedIn.length).map(where);
  const leaves = (pick: (l: LeafCoverage) => boolean) => c.rules.flatMap((r) => r.leaves.filter(pick).map((l) => `${where(r)} \`${l.label}\` (${r.file}:${l.line})`));
  const neverTrue = leaves((l) => !l.trueIn.length);
  const neverFalse = leaves((l) => !l.falseIn.length);
  out.push(`  rules never reached: ${never.length ? never.join(', ') : 'none'}`);
  out.push(`  rules never fired: ${unfired.length ? unfired.join(', ') : 'none'}`);
  out.push(`  conditions never true: ${neverTrue.length ? '' : 'none'}`, ...neverTrue.map((x) => `    ${x}`));
  out.push(`  conditions never false: ${neverFalse.length ? '' : 'none'}`, ...neverFalse.map((x) => `    ${x}`));
  if (c.disagreements.length) out.push('  ✗ the recomputed evaluation disagrees with recorded decisions (coverage may be wrong):', ...c.disagreements.map((d) => `    ${d}`));
  return out;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const rate = (a: number, b: number) => (b === 0 ? '1' : String(Number((a / b).toFixed(4))));

/**
 * Cobertura 04: a package per config folder, a class per rule (filename = its rules file). The rule's line is hit
 * once per scenario it fired in; each leaf's line is a branch line with condition-coverage over (true, false), hit
 * once per evaluation that reached it.
 */
function cobertura(c: CoverageReport, timestampMs: number): string {
  const byConfig = new Map<string, RuleCoverage[]>();
  for (const r of c.rules) (byConfig.get(r.config) ?? byConfig.set(r.config, []).get(r.config)!).push(r);
  let lines = 0, linesHit = 0, branches = 0, branchesHit = 0;
  const packages: string[] = [];
  for (const [config, rules] of byConfig) {
    let pl = 0, plh = 0, pb = 0, pbh = 0;
    const classes: string[] = [];
    for (const r of rules) {
      const rows = new Map<number, { hits: number; goals: number; met: number }>();
      rows.set(r.line, { hits: r.firedIn.length, goals: 0, met: 0 });
      for (const l of r.leaves) {
        const row = rows.get(l.line) ?? { hits: 0, goals: 0, met: 0 };
        row.hits += l.trueCount + l.falseCount;
        row.goals += 2;
        row.met += (l.trueIn.length ? 1 : 0) + (l.falseIn.length ? 1 : 0);
        rows.set(l.line, row);
      }
      let cl = 0, clh = 0, cb = 0, cbh = 0;
      const xs: string[] = [];
      for (const [line, row] of [...rows].sort((a, b) => a[0] - b[0])) {
        cl += 1;
        if (row.hits > 0) clh += 1;
        cb += row.goals;
        cbh += row.met;
        const branch = row.goals ? ` branch="true" condition-coverage="${Math.round((100 * row.met) / row.goals)}% (${row.met}/${row.goals})"` : ' branch="false"';
        xs.push(`            <line number="${line}" hits="${row.hits}"${branch}/>`);
      }
      pl += cl; plh += clh; pb += cb; pbh += cbh;
      classes.push(`        <class name="${esc(r.rule)}" filename="${esc(r.file)}" line-rate="${rate(clh, cl)}" branch-rate="${rate(cbh, cb)}" complexity="0">`, '          <methods/>', '          <lines>', ...xs, '          </lines>', '        </class>');
    }
    lines += pl; linesHit += plh; branches += pb; branchesHit += pbh;
    packages.push(`    <package name="${esc(config)}" line-rate="${rate(plh, pl)}" branch-rate="${rate(pbh, pb)}" complexity="0">`, '      <classes>', ...classes, '      </classes>', '    </package>');
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<coverage line-rate="${rate(linesHit, lines)}" branch-rate="${rate(branchesHit, branches)}" lines-covered="${linesHit}" lines-valid="${lines}" branches-covered="${branchesHit}" branches-valid="${branches}" complexity="0" version="tickwise" timestamp="${Math.floor(timestampMs / 1000)}">`,
    '  <sources><source>.</source></sources>',
    '  <packages>', ...packages, '  </packages>',
    '</coverage>', '',
  ].join('\n');
}
