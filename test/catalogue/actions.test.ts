import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTION_PARAMS, ACTIONS, GATE_STATES, UNITS, actionsFor, actionsTaking, renderActionsDoc, type ActionParamName, type ActionScope, type ActionSpec } from '../../engine/catalogue/index.ts';
import { actionSchema, EXCLUSIVE_ACTIONS, formatFinding, loadConfigFromFiles, rulesSchema, type ActionType, type RuleActionConfig } from '../../engine/config/index.ts';
import { compileRuleSet, type Decision, type Evaluation } from '../../engine/evaluate/index.ts';
import { gateDecision, gatePositionDecision, gateTick, requestedState } from '../../engine/risk/index.ts';
import { summarizeShadow } from '../../engine/reload/index.ts';
import { decisionText } from '../../bin/wiring/terminal-lines.ts';
import type { DecisionRecord } from '../../engine/kernel/index.ts';
import { baseFiles, REPO, withFile } from '../config/helpers.ts';
import { config, rule, strategy } from '../evaluate/fixtures.ts';

/** A valid YAML value for every `then` key (a new key fails to compile here until it has one). */
const VALID = { orderStyle: 'marketable', fraction: '0.5', targetDte: '30', rollSide: 'all', message: 'probe', fallback: 'none' } satisfies Record<ActionParamName, string>;
const NUMERIC = { fraction: 0.5, targetDte: 30 } as const;
const SCOPES: readonly ActionScope[] = ['position', 'portfolio'];

function required(a: ActionSpec): ActionParamName[] {
  return (Object.entries(a.params) as [ActionParamName, string][]).filter(([, r]) => r === 'required').map(([k]) => k);
}

/** A rules file with one rule of `scope` taking `action` with `keys` (lines: then.action is line 12, the keys follow). */
function probeFile(scope: ActionScope, action: string, keys: readonly ActionParamName[]): string {
  return ['rules:', '  - name: zz-probe', '    description: Probe an action.', '    priority: 7', `    scope: ${scope}`, '    when:', '      all:',
    '        - fact: dailyPnlPct', '          operator: lessThanInclusive', '          value: -0.05', '    then:', `      action: ${action}`,
    ...keys.map((k) => `      ${k}: ${VALID[k]}`), '    severity: info', ''].join('\n');
}

function load(scope: ActionScope, action: string, keys: readonly ActionParamName[]) {
  const { findings } = loadConfigFromFiles(withFile(baseFiles(), 'rules/zz-probe.yaml', () => probeFile(scope, action, keys)));
  return findings.filter((f) => f.file === 'rules/zz-probe.yaml');
}

function decisionOf(action: string, scope: ActionScope, escalation = false): Decision {
  return { rule: 'r', action: action as ActionType, params: {}, priority: 1, severity: 'critical', scope, escalation, facts: {}, preempted: [], ...(scope === 'position' ? { positionId: 'p-1', strategy: 's' } : {}) };
}

describe('the action catalogue', () => {
  it('names every action once, in kebab-case, with scopes, a gate answer for every state and known then keys', () => {
    expect(new Set(ACTIONS.map((a) => a.name)).size).toBe(ACTIONS.length);
    for (const a of ACTIONS as readonly ActionSpec[]) {
      expect(a.name).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(a.scopes.length, a.name).toBeGreaterThan(0);
      expect(Object.keys(a.gate).sort(), a.name).toEqual([...GATE_STATES].sort());
      for (const k of Object.keys(a.params)) expect(Object.keys(ACTION_PARAMS), a.name).toContain(k);
      if (Object.values(a.gate).includes('block')) expect(a.blocked, a.name).toBeTruthy();
      expect(a.description.length, a.name).toBeGreaterThan(10);
    }
    for (const p of Object.values(ACTION_PARAMS)) expect(Object.keys(UNITS)).toContain(p.unit);
  });

  it('keeps its kinds consistent: exclusive actions act on positions, notify-only ones send nothing and pass every state', () => {
    for (const a of ACTIONS as readonly ActionSpec[]) {
      if (a.exclusive) expect(a.scopes, a.name).toContain('position');
      if (a.unexecutableWhen) expect([a.exclusive, a.params.fallback], a.name).toEqual([true, 'optional']);
      if (a.notifyOnly) {
        expect([a.exclusive, a.sendsOrders, a.haltsEntries, a.latches], a.name).toEqual([false, false, false, undefined]);
        expect(new Set(Object.values(a.gate)), a.name).toEqual(new Set(['allow']));
      }
    }
    expect(EXCLUSIVE_ACTIONS).toEqual(ACTIONS.filter((a) => a.exclusive).map((a) => a.name));
  });

  it('is the rules schema\'s action enum, its description per scope, and the description of every then key', () => {
    const s = actionSchema() as { properties: Record<string, { enum?: string[]; description: string }> };
    expect(s.properties.action.enum).toEqual(ACTIONS.map((a) => a.name));
    for (const scope of SCOPES) expect(s.properties.action.description).toContain(`${actionsFor(scope).join(' | ')} (${scope} scope)`);
    expect(Object.keys(s.properties)).toEqual(['action', ...Object.keys(ACTION_PARAMS)]);
    for (const k of Object.keys(ACTION_PARAMS) as ActionParamName[]) expect(s.properties[k].description.startsWith(`${actionsTaking(k).join(' | ')}: `), k).toBe(true);
    expect((rulesSchema().$defs as Record<string, unknown>).action).toEqual(actionSchema());
  });

  it('is documented in docs/actions.md, one row per action and one gate row whose answers are the catalogue\'s', () => {
    const doc = readFileSync(join(REPO, 'docs', 'actions.md'), 'utf8');
    expect(doc).toBe(renderActionsDoc());
    const words = { allow: 'yes', block: 'blocked', forced: 'forced only' } as const;
    for (const a of ACTIONS as readonly ActionSpec[]) {
      expect(doc).toContain(`| \`${a.name}\` | ${a.scopes.join(', ')} |`);
      expect(doc).toContain(`| \`${a.name}\` | ${GATE_STATES.map((st) => words[a.gate[st]]).join(' | ')} |`);
    }
    expect(readFileSync(join(REPO, 'docs', 'rules.md'), 'utf8')).toContain('[actions.md](actions.md)');
  });
});

describe('the scope checks read the catalogue', () => {
  for (const a of ACTIONS as readonly ActionSpec[]) {
    for (const scope of SCOPES) {
      const fits = a.scopes.includes(scope);
      it(`${fits ? 'accepts' : 'refuses'} ${a.name} in a ${scope} rule, in validation and when compiling`, () => {
        const findings = load(scope, a.name, required(a));
        const bad = findings.filter((f) => f.code === 'TW_CONFIG_ACTION');
        if (fits) expect(findings.map(formatFinding)).toEqual([]);
        else {
          expect(bad.map((f) => [f.line, f.hint])).toEqual([[12, `${scope} rules use: ${actionsFor(scope).join(', ')}`]]);
        }
        const then = { action: a.name, ...Object.fromEntries(required(a).map((k) => [k, NUMERIC[k as keyof typeof NUMERIC] ?? VALID[k]])) } as RuleActionConfig;
        const r = rule('zz-probe', 7, { all: [{ fact: 'dailyPnlPct', operator: 'lessThanInclusive', value: -0.05 }] }, then, { scope });
        const compile = () => compileRuleSet(config([r], scope === 'position' ? [strategy('s', [r])] : []));
        if (fits) {
          const set = compile();
          const c = scope === 'position' ? set.positionRules.get('s')![0] : set.portfolioRules[0];
          expect([c.exclusive, c.isAlert]).toEqual([a.exclusive, a.notifyOnly]);
          for (const k of Object.keys(c.action)) expect(Object.keys(a.params), k).toContain(k);
        } else {
          expect(compile).toThrow(expect.objectContaining({ code: 'TW_EVALUATE_ACTION_SCOPE', hint: `${scope} rules take: ${actionsFor(scope).join(', ')}` }));
        }
      });
    }
  }
});

describe('the then keys an action takes are the catalogue\'s', () => {
  for (const a of ACTIONS as readonly ActionSpec[]) {
    it(`${a.name} takes ${Object.keys(a.params).join(', ')} and is told which actions take any other key`, () => {
      for (const k of Object.keys(ACTION_PARAMS) as ActionParamName[]) {
        const keys = [...new Set([...required(a), k])];
        const bad = load(a.scopes[0], a.name, keys).filter((f) => f.code === 'TW_CONFIG_ACTION');
        if (a.params[k] !== undefined) expect(bad.map(formatFinding), k).toEqual([]);
        else expect(bad.map((f) => [f.line, f.hint]), k).toEqual([[13 + keys.indexOf(k), `remove ${k} (${k} is taken by ${actionsTaking(k).join(', ')})`]]);
      }
      for (const k of required(a)) {
        const bad = load(a.scopes[0], a.name, required(a).filter((x) => x !== k)).filter((f) => f.code === 'TW_CONFIG_ACTION');
        expect(bad.map((f) => f.message), k).toEqual([`action "${a.name}" needs ${k}`]);
      }
    });
  }
});

describe('the risk gate reads the catalogue', () => {
  for (const a of ACTIONS as readonly ActionSpec[]) {
    it(`answers ${a.name} per state as its gate table says, latches ${a.latches ?? 'nothing'} and ${a.haltsEntries ? 'halts' : 'does not halt'} entries`, () => {
      for (const state of GATE_STATES) {
        for (const escalation of [false, true]) {
          const v = gateDecision(state, decisionOf(a.name, a.scopes[0], escalation));
          const policy = a.gate[state];
          expect(v.allowed, `${state} escalation ${escalation}`).toBe(policy === 'allow' || (policy === 'forced' && escalation));
          if (!v.allowed) expect(v).toMatchObject({ reason: 'trading-state', message: expect.stringContaining(`trading state is ${state}`) });
        }
      }
      expect(requestedState(decisionOf(a.name, a.scopes[0]))).toBe(a.latches ?? null);
      if (a.scopes.includes('portfolio') && !a.notifyOnly) {
        const ev: Evaluation = { portfolioDecisions: [decisionOf(a.name, 'portfolio')], positionDecisions: new Map(), alerts: [], traces: new Map(), portfolioTrace: null as never };
        const g = gateTick('ACTIVE', ev);
        expect(g.haltedBy).toEqual(a.haltsEntries ? ['r'] : []);
        expect(g.state.to).toBe(a.latches ?? 'ACTIVE');
      }
      if (a.scopes.includes('position')) {
        const g = gatePositionDecision('ACTIVE', decisionOf(a.name, 'position'), 'leg SPY P 400 mark stale');
        expect(g.reason).toBe(a.sendsOrders ? 'stale-marks' : null);
        expect(gatePositionDecision('ACTIVE', decisionOf(a.name, 'position', true), 'leg SPY P 400 mark stale').outcome).toBe('allowed');
      }
    });
  }
});

describe('the words for an action come from the catalogue', () => {
  it('says each action\'s verb in the terminal and its would-verb in the shadow summary', () => {
    for (const a of ACTIONS as readonly ActionSpec[]) {
      const d = { id: 'd1', tickTime: 0, tickSeq: 1, positionId: 'p-1', rule: 'r', action: a.name, priority: 1, severity: 'info', facts: {}, preempted: [], trace: null, configVersion: 'v', outcome: 'applied' } as unknown as DecisionRecord;
      expect(decisionText(d)).toBe(`r: ${a.verb} p-1`);
    }
    const position = (ACTIONS as readonly ActionSpec[]).filter((a) => a.scopes.includes('position') && !a.notifyOnly);
    const ev = { portfolioDecisions: [], alerts: [], traces: new Map(), positionDecisions: new Map(position.map((a, i) => [`p-${i}`, { ...decisionOf(a.name, 'position'), rule: `rule-${a.name}`, positionId: `p-${i}` }])) } as unknown as Evaluation;
    const s = summarizeShadow(ev, { managedPositions: 5 });
    for (const a of position) expect(s.lines).toContain(`1 position would ${a.would} under rule-${a.name}`);
    expect(s.closes).toBe(position.filter((a) => a.closes === 'position').length);
  });
});
