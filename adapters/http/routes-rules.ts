/**
 * "Rules now" routes: each rule that applies to a live position (and the portfolio rules), explained on the last
 * committed tick's facts: matched or not, and how close each condition is to its threshold (rules-now.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { Facts } from '../../engine/evaluate/index.ts';
import type { ApiContext } from './types.ts';
import { sendError } from './errors.ts';
import { anyJson, errorResponses, idParams, s } from './schemas.ts';
import { portfolioRulesNow, positionRulesNow } from './rules-now.ts';

const conditionSchema = {
  type: 'object',
  properties: {
    kind: { type: 'string', enum: ['leaf', 'all', 'any', 'not'] }, depth: s.int, result: { type: ['boolean', 'null'] }, fact: s.str, operator: s.str, text: s.str,
    factValue: anyJson, threshold: anyJson, previousValue: anyJson,
    progress: { type: ['number', 'null'], description: '0..1 towards a one-sided threshold (1: reached); null for other operators' },
  },
} as const;

const ruleNowSchema = {
  type: 'object',
  properties: { order: s.int, rule: s.str, priority: s.num, action: s.str, severity: s.str, matched: s.bool, params: anyJson, conditions: { type: 'array', items: conditionSchema } },
} as const;

const common = { configVersion: s.str, factsTime: s.nnum, tickSeq: s.int, rules: { type: 'array', items: ruleNowSchema } } as const;

export function rulesNowRoutes(app: FastifyInstance, { kernel }: ApiContext): void {
  app.get<{ Params: { id: string } }>('/api/positions/:id/rules', {
    schema: {
      summary: 'Rules now: every rule that manages the position, in evaluation order, on the last tick\'s facts: matched or not, and each condition against its threshold',
      params: idParams,
      response: {
        200: {
          type: 'object',
          properties: {
            positionId: s.str, strategy: s.str, state: s.str, hold: s.bool, live: s.bool,
            note: { ...s.nstr, description: 'why the rules do not act now (not managed, on hold, closed, no facts yet), or null' },
            ...common,
          },
        },
        ...errorResponses,
      },
    },
  }, async (req, reply) => {
    const found = await kernel.store.reads.position(req.params.id);
    if (!found) return sendError(reply, 'TW_HTTP_POSITION_NOT_FOUND', { id: req.params.id });
    const { position } = found;
    const live = kernel.positions().find((p) => p.id === position.id);
    const snapshot = kernel.lastFacts();
    const pf = snapshot?.positions.get(position.id);
    const st = kernel.status();
    const state = live?.state ?? position.phase ?? position.state;
    const base = {
      positionId: position.id, strategy: position.strategy, state, hold: live?.hold ?? position.hold, live: !!live && position.state !== 'closed',
      configVersion: kernel.config.version, factsTime: pf ? st.lastTickTime : null, tickSeq: st.seq,
    };
    if (!snapshot || !pf) return { ...base, note: position.state === 'closed' ? 'closed: no rule manages it any more' : 'no facts yet for this position', rules: [] };
    const rules = await positionRulesNow(kernel.config, position.strategy, { ...snapshot.portfolio, ...pf } as Facts);
    const phase = live?.phase ?? position.state;
    const pinned = live?.pinnedVersion ?? position.pinnedVersion;
    const note = base.hold ? 'on manual hold: rules do not act on it' : phase !== 'managed' ? `${state}: rules act only on managed positions`
      : pinned && pinned !== kernel.config.version ? `pinned to config ${pinned}: shown against the running rules (${kernel.config.version})` : null;
    return { ...base, note, rules };
  });

  app.get('/api/rules/portfolio', {
    schema: {
      summary: 'Rules now for the portfolio: every portfolio rule on the last tick\'s portfolio facts, matched or not, with each condition against its threshold',
      response: { 200: { type: 'object', properties: { facts: anyJson, ...common } }, ...errorResponses },
    },
  }, async () => {
    const snapshot = kernel.lastFacts();
    const st = kernel.status();
    const base = { configVersion: kernel.config.version, factsTime: snapshot ? st.lastTickTime : null, tickSeq: st.seq };
    if (!snapshot) return { ...base, facts: {}, rules: [] };
    return { ...base, facts: snapshot.portfolio, rules: await portfolioRulesNow(kernel.config, snapshot) };
  });
}
