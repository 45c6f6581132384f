import { describe, expect, it } from 'vitest';
import { compileRuleSet, evaluateTick, type PositionInput } from '../../engine/evaluate/index.ts';
import type { ResolvedConfig } from '../../engine/config/index.ts';
import { isWatchedConfigPath, planReload, reloadLimit, summarizeShadow } from '../../engine/reload/index.ts';
import { replaceOnce, shippedWith } from './helpers.ts';

const base = shippedWith();
/** takeProfitPct lowered to 0.35 for the SPY iron condor and the QQQ put spread. */
const lowered = shippedWith({
  'strategies.yaml': (t) => t.replace(/takeProfitPct: 0\.5\n/g, 'takeProfitPct: 0.35\n'),
});

function position(id: string, strategy: string, pnlPct: number): PositionInput {
  // An unrolled position: its chain P&L is its own (positive when it is in profit).
  return { id, strategy, phase: 'managed', hold: false, facts: { pnlPct, chainPnl: pnlPct * 100, dte: 35, itm: false, vix: 16, vixChangePct: 0 } };
}
const book = [position('ic-1', 'spy-iron-condor', 0.4), position('ic-2', 'spy-iron-condor', 0.35), position('pcs-1', 'qqq-put-credit-spread', 0.45), position('ic-3', 'spy-iron-condor', 0.1)];
const shadowOf = (positions: PositionInput[]) => (c: ResolvedConfig) => evaluateTick(compileRuleSet(c), { portfolio: {}, positions });

describe('the shadow summary', () => {
  it('counts what the new version would decide right now, by rule, in words', () => {
    const s = summarizeShadow(shadowOf(book)(lowered), { managedPositions: 4 });
    expect(s.evaluated).toBe(4);
    expect(s.actions.map((a) => `${a.positionId}:${a.rule}:${a.action}`)).toEqual(['ic-1:take-profit:close', 'ic-2:take-profit:close', 'pcs-1:take-profit:close']);
    expect(s.closes).toBe(3);
    expect(s.lines).toEqual(['3 positions would close under take-profit']);
  });

  it('says so when the running version would decide nothing either', () => {
    expect(summarizeShadow(shadowOf(book)(base), { managedPositions: 4 })).toMatchObject({ closes: 0, lines: [] });
  });

  it('has nothing to evaluate before the first tick', () => {
    expect(summarizeShadow(null, { managedPositions: 0 })).toMatchObject({ evaluated: 0, closes: 0, lines: ['no tick has run yet: nothing to evaluate'] });
  });
});

describe('the reload policy', () => {
  const plan = (next: ResolvedConfig, positions: PositionInput[], extra: { force?: boolean; pendingVersion?: string | null } = {}) =>
    planReload({ running: base, pendingVersion: extra.pendingVersion ?? null, load: { config: next, findings: [] }, shadow: shadowOf(positions), managedPositions: positions.length, force: extra.force ?? false });

  it('accepts a change that closes no more positions than settings.reload.maxClosesWithoutForce', () => {
    const p = plan(lowered, book);
    expect(p).toMatchObject({ ok: true, unchanged: false, version: lowered.version, refused: null, errors: [] });
    expect(p.config).toBe(lowered);
    expect(p.diff!.thresholds.some((t) => t.strategy === 'spy-iron-condor' && t.rule === 'take-profit' && t.from === 0.5 && t.to === 0.35)).toBe(true);
    expect(p.shadow!.closes).toBe(3);
  });

  it('refuses a change that would close more positions than the limit, unless forced', () => {
    const more = [...book, position('ic-4', 'spy-iron-condor', 0.36)];
    const p = plan(lowered, more);
    expect(p.ok).toBe(false);
    expect(p.config).toBeNull();
    expect(p.refused).toEqual({
      code: 'TW_RELOAD_TOO_MANY_CLOSES', closes: 4, limit: 3,
      message: `the new config version would close 4 position(s) at once, more than settings.reload.maxClosesWithoutForce (3); version ${base.version} stays in force`,
    });
    expect(p.diff).not.toBeNull();
    expect(p.shadow!.lines).toEqual(['4 positions would close under take-profit']);
    const forced = plan(lowered, more, { force: true });
    expect(forced).toMatchObject({ ok: true, refused: null });
    expect(forced.config).toBe(lowered);
  });

  it('uses the smaller of the running and the new limit: an edit cannot loosen its own guard', () => {
    const loosened = shippedWith({ 'strategies.yaml': (t) => replaceOnce(t.replace(/takeProfitPct: 0\.5\n/g, 'takeProfitPct: 0.35\n'), 'maxClosesWithoutForce: 3', 'maxClosesWithoutForce: 50') });
    expect(reloadLimit(base, loosened)).toBe(3);
    expect(plan(loosened, [...book, position('ic-4', 'spy-iron-condor', 0.36)]).refused?.limit).toBe(3);
    const unlimited = shippedWith({ 'strategies.yaml': (t) => t.replace(/ {2}reload:\n {4}maxClosesWithoutForce: 3[^\n]*\n/, '') });
    expect(unlimited.settings.reload.maxClosesWithoutForce).toBeNull();
    expect(reloadLimit(unlimited, unlimited)).toBeNull();
  });

  it('does nothing when the files hash to the running or the already pending version', () => {
    expect(plan(shippedWith(), book)).toMatchObject({ ok: true, unchanged: true, version: base.version, diff: null, config: null });
    expect(plan(lowered, book, { pendingVersion: lowered.version })).toMatchObject({ ok: true, unchanged: true, config: null });
  });

  it('keeps the running version and returns the findings when the files do not validate', () => {
    const finding = { file: 'rules/exits.yaml', line: 12, col: 9, severity: 'error' as const, code: 'TW_CONFIG_UNKNOWN_OPERATOR', message: 'x', hint: 'y', pointer: '/rules/0' };
    const p = planReload({ running: base, pendingVersion: null, load: { config: null, findings: [finding] }, shadow: shadowOf(book), managedPositions: 4, force: true });
    expect(p).toMatchObject({ ok: false, version: null, refused: null, config: null, errors: [finding] });
  });
});

describe('which file events concern the config', () => {
  it('accepts strategies.yaml, the rules folder and rules/*.yaml, and ignores editors\' temporary and backup files', () => {
    const yes = ['strategies.yaml', 'rules', 'rules/exits.yaml', 'rules/new.yml'];
    const no = ['strategies.yaml.tmp', '.strategies.yaml.swp', 'strategies.yaml~', '4913', 'rules/.exits.yaml.swp', 'rules/exits.yaml~', 'rules/.#exits.yaml',
      'rules/#exits.yaml#', 'rules/exits.yaml___jb_tmp___', 'rules/exits.yaml.tmp-1234', 'rules/notes.txt', 'README.md', 'rules/sub/x.yaml'];
    expect(yes.filter(isWatchedConfigPath)).toEqual(yes);
    expect(no.filter(isWatchedConfigPath)).toEqual([]);
  });
});
