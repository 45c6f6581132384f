// Adding an action is one catalogue entry: with two made-up entries appended to the catalogue's list (the module is
// swapped for this file only), every derived artefact — types aside — takes them up without another edit.
import { describe, expect, it, vi } from 'vitest';
import type { ActionSpec } from '../../engine/catalogue/index.ts';

const ADDED = vi.hoisted(() => {
  const allow = { ACTIVE: 'allow', REDUCING: 'allow', DEGRADED: 'allow', HALTED: 'allow' } as const;
  const snooze = {
    name: 'snooze', scopes: ['position'], exclusive: true, notifyOnly: false, sendsOrders: false, params: { message: 'optional', targetDte: 'optional' },
    gate: { ...allow, HALTED: 'block' }, blocked: 'snoozes wait for an operator', haltsEntries: false, verb: 'snooze', would: 'be snoozed',
    description: 'Leave the position alone until a later expiry (made up for this test).',
  } as const;
  const goReducing = {
    name: 'go-reducing', scopes: ['portfolio'], exclusive: false, notifyOnly: false, sendsOrders: false, params: { message: 'optional' },
    gate: allow, latches: 'REDUCING', haltsEntries: false, verb: 'reduce risk', would: 'move trading to REDUCING', description: 'Latch REDUCING (made up for this test).',
  } as const;
  return [snooze, goReducing] as const;
});

vi.mock('../../engine/catalogue/actions.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../engine/catalogue/actions.ts')>();
  return { ...real, ACTIONS: Object.freeze([...real.ACTIONS, ...ADDED]) };
});

const { renderActionsDoc } = await import('../../engine/catalogue/index.ts');
const REAL = (await vi.importActual<typeof import('../../engine/catalogue/actions.ts')>('../../engine/catalogue/actions.ts')).ACTIONS as readonly ActionSpec[];
const realTaking = (key: 'fraction' | 'targetDte') => REAL.filter((a) => a.params[key] !== undefined).map((a) => a.name);
const realIn = (scope: 'position' | 'portfolio') => REAL.filter((a) => a.scopes.includes(scope)).map((a) => a.name);
const { EXCLUSIVE_ACTIONS, formatFinding, loadConfigFromFiles, rulesSchema } = await import('../../engine/config/index.ts');
const { compileRuleSet, evaluateTick } = await import('../../engine/evaluate/index.ts');
const { gateDecision, nextTradingState } = await import('../../engine/risk/index.ts');
const { decisionText } = await import('../../bin/wiring/terminal-lines.ts');
const { baseFiles, withFile } = await import('../config/helpers.ts');
const { calmPortfolio, calmPosition, config, rule, strategy } = await import('../evaluate/fixtures.ts');

type Then = Parameters<typeof rule>[3];
const when = { all: [{ fact: 'dailyPnlPct', operator: 'lessThanInclusive', value: -0.05 }] };

function probe(scope: string, then: string): string[] {
  const text = ['rules:', '  - name: zz-probe', '    description: Probe an action.', '    priority: 7', `    scope: ${scope}`, '    when:', '      all:',
    '        - fact: dailyPnlPct', '          operator: lessThanInclusive', '          value: -0.05', `    then: ${then}`, '    severity: info', ''].join('\n');
  return loadConfigFromFiles(withFile(baseFiles(), 'rules/zz-probe.yaml', () => text)).findings.filter((f) => f.file === 'rules/zz-probe.yaml').map(formatFinding);
}

describe('an action added to the catalogue', () => {
  it('is in the rules schema\'s enum and scope description, and in docs/actions.md with its gate row', () => {
    const action = (rulesSchema().$defs as Record<string, { properties: Record<string, { enum?: string[]; description: string }> }>).action.properties;
    expect(action.action.enum?.slice(-2)).toEqual(['snooze', 'go-reducing']);
    expect(action.action.description).toContain(`${[...realIn('position'), 'snooze'].join(' | ')} (position scope)`);
    expect(action.action.description).toContain(`${[...realIn('portfolio'), 'go-reducing'].join(' | ')} (portfolio scope)`);
    expect(action.targetDte.description.startsWith(`${[...realTaking('targetDte'), 'snooze'].join(' | ')}: `)).toBe(true);
    const doc = renderActionsDoc();
    expect(doc).toContain('| `snooze` | position | exclusive | `message`, `targetDte` | Leave the position alone');
    expect(doc).toContain('| `snooze` | yes | yes | yes | blocked |');
    expect(doc).toContain('| `go-reducing` | portfolio | latches REDUCING |');
  });

  it('validates in the scopes it names, with the keys it takes, and is refused elsewhere with the new list in the hint', () => {
    expect(probe('position', '{ action: snooze, targetDte: 60 }')).toEqual([]);
    expect(probe('portfolio', '{ action: go-reducing }')).toEqual([]);
    expect(probe('portfolio', '{ action: snooze }')).toEqual([
      `rules/zz-probe.yaml:11:21: error TW_CONFIG_ACTION action "snooze" is not available to portfolio rules (portfolio rules use: ${[...realIn('portfolio'), 'go-reducing'].join(', ')})`,
    ]);
    expect(probe('position', '{ action: snooze, fraction: 0.5 }')).toEqual([
      `rules/zz-probe.yaml:11:29: error TW_CONFIG_ACTION action "snooze" does not take "fraction" (only ${realTaking('fraction').join(', ')} ${realTaking('fraction').length === 1 ? 'does' : 'do'}) (remove fraction (fraction is taken by ${realTaking('fraction').join(', ')}))`,
    ]);
  });

  it('pre-empts as an exclusive action, is gated by its own table and latches its own state', () => {
    expect(EXCLUSIVE_ACTIONS).toContain('snooze');
    const snooze = rule('snooze-early', 9, when, { action: 'snooze' } as unknown as Then);
    const close = rule('close-late', 5, when, { action: 'close' });
    const set = compileRuleSet(config([snooze, close], [strategy('s', [snooze, close])]));
    const ev = evaluateTick(set, { portfolio: calmPortfolio({ dailyPnlPct: -0.06 }), positions: [{ id: 'p-1', strategy: 's', phase: 'managed', hold: false, facts: calmPosition() }] });
    const d = ev.positionDecisions.get('p-1')!;
    expect([d.action, d.preempted]).toEqual(['snooze', ['close-late']]);
    expect(gateDecision('HALTED', d)).toEqual({ allowed: false, reason: 'trading-state', message: 'trading state is HALTED: snoozes wait for an operator' });
    expect(gateDecision('DEGRADED', d)).toEqual({ allowed: true });
    expect(decisionText({ ...d, id: 'x', tickTime: 0, tickSeq: 1, positionId: 'p-1', trace: null, configVersion: 'v', outcome: 'applied' } as never)).toBe('snooze-early: snooze p-1 at dailyPnlPct -6%; pre-empted close-late');

    const latch = rule('latch', 9, when, { action: 'go-reducing' } as unknown as Then, { scope: 'portfolio' });
    const pf = evaluateTick(compileRuleSet(config([latch], [])), { portfolio: calmPortfolio({ dailyPnlPct: -0.06 }), positions: [] });
    expect(nextTradingState('ACTIVE', pf.portfolioDecisions)).toMatchObject({ to: 'REDUCING', changed: true, cause: { rule: 'latch' } });
  });
});

// The entries satisfy the catalogue's shape (checked here, since the mock factory cannot be typed against it).
const typed: readonly ActionSpec[] = ADDED;
void typed;
