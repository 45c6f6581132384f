/**
 * Snapshot mode: a scenario without `expect` records what it decided in a `.snap` file beside it (`--update`); later
 * runs compare against it, so a rule change shows what it would have done differently on a known history.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { twError } from '../../engine/errors/index.ts';
import { decisionLine } from './explain.ts';
import { formatTime } from '../../adapters/scenario/index.ts';
import { ledgerOf } from './ledger.ts';
import type { ScenarioRun, SnapshotResult } from './types.ts';

export function snapshotPath(scenarioAbsPath: string): string {
  return scenarioAbsPath.replace(/\.ya?ml$/, '') + '.snap';
}

/**
 * The recorded lines: decisions in order, changes of the trading state, orders (with their average fill price), final states of positions, how each
 * closed position closed and what it realised, the final trading state.
 */
export function snapshotLines(run: ScenarioRun): string[] {
  const lines = run.decisions.map((d) => `decision ${decisionLine(run, d)}`);
  // Every change of the trading state as it applied (DEGRADED in and out included), from the first tick's.
  run.ticks.forEach((t, i) => {
    if (i > 0 && t.tradingState !== run.ticks[i - 1]!.tradingState) lines.push(`trading-state tick ${t.index} (${formatTime(t.time)}) ${run.ticks[i - 1]!.tradingState} → ${t.tradingState}`);
  });
  for (const o of run.orders) lines.push(`order tick ${o.tick} ${o.positionId} ${o.purpose} ${o.side} ${o.style} ×${o.quantity} ${o.status}${fillText(o)}`);
  for (const id of Object.keys(run.finalStates).sort()) lines.push(`state ${id} ${run.finalStates[id]}`);
  const ledger = ledgerOf(run);
  for (const p of run.positions) {
    if (p.state !== 'closed') continue;
    const paid = ledger.get(p.id)?.commissionCents ?? 0;
    lines.push(`closed ${p.id} ${p.outcome ?? '?'}${p.closeRule ? ` by ${p.closeRule}` : ''}: realised ${((p.realizedPnlCents ?? 0) / 100).toFixed(2)} after ${(paid / 100).toFixed(2)} commissions`);
  }
  lines.push(`trading-state ${run.ticks[run.ticks.length - 1]?.tradingState ?? 'ACTIVE'}`);
  return lines;
}

/** ` @ 5.3` when filled on the tick it was placed on, ` tick 10 @ 4.4` when later. */
function fillText(o: ScenarioRun['orders'][number]): string {
  if (o.fillPrice === null) return '';
  return `${o.filledTick !== null && o.filledTick !== o.tick ? ` tick ${o.filledTick}` : ''} @ ${o.fillPrice}`;
}

function header(name: string): string {
  return `# tickwise dry-run snapshot of ${name}: written by \`tickwise dry-run --update\`; do not edit by hand.`;
}

export function checkSnapshot(run: ScenarioRun, absPath: string, displayPath: string, update: boolean): SnapshotResult {
  const path = snapshotPath(absPath);
  const shown = snapshotPath(displayPath);
  const lines = snapshotLines(run);
  if (update) {
    writeFileSync(path, `${[header(run.scenario.name), ...lines].join('\n')}\n`);
    return { path: shown, status: 'written', diff: [] };
  }
  if (!existsSync(path)) return { path: shown, status: 'missing', diff: [] };
  let old: string[];
  try {
    old = readFileSync(path, 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  } catch (e) {
    throw twError('TW_DRYRUN_SNAPSHOT_UNREADABLE', { path: shown, reason: (e as Error).message });
  }
  const diff = diffLines(old, lines);
  return { path: shown, status: diff.some((l) => l[0] !== ' ') ? 'changed' : 'match', diff: diff.some((l) => l[0] !== ' ') ? diff : [] };
}

/** A line diff (longest common subsequence): `  same`, `- only in the snapshot`, `+ only in this run`. */
export function diffLines(a: readonly string[], b: readonly string[]): string[] {
  const n = a.length;
  const m = b.length;
  const lcs = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) { out.push(`  ${a[i]}`); i++; j++; }
    else if (lcs[i + 1][j] >= lcs[i][j + 1]) out.push(`- ${a[i++]}`);
    else out.push(`+ ${b[j++]}`);
  }
  while (i < n) out.push(`- ${a[i++]}`);
  while (j < m) out.push(`+ ${b[j++]}`);
  return out;
}
