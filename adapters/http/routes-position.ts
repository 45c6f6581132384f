/** One position: its detail (legs, facts now, P&L, lineage, orders) and its machine (graph, current state, history). */
import type { FastifyInstance } from 'fastify';
import { addDerivedFacts } from '../../engine/evaluate/index.ts';
import { machineGraph } from '../../engine/lifecycle/index.ts';
import type { DecisionRow } from '../../engine/store/index.ts';
import type { ApiContext } from './types.ts';
import { sendError } from './errors.ts';
import { anyJson, decisionSchema, errorResponses, idParams, legSchema, orderSchema, positionSchema, s, transitionSchema } from './schemas.ts';
import { explainTransitions, pathTaken, positionSummary } from './views.ts';

let graphCache: ReturnType<typeof machineGraph> | null = null;
const graph = () => (graphCache ??= machineGraph());

const lineageItem = { type: 'object', properties: { id: s.str, state: s.str, parentId: s.nstr, openedAt: s.nnum, closedAt: s.nnum, realizedPnlCents: s.nnum, outcome: s.nstr } } as const;

export function positionRoutes(app: FastifyInstance, { kernel }: ApiContext): void {
  app.get<{ Params: { id: string } }>('/api/positions/:id', {
    schema: {
      summary: 'One position: legs, facts now, P&L, state, roll lineage and orders',
      params: idParams,
      response: {
        200: {
          type: 'object',
          properties: {
            position: positionSchema,
            state: s.str, phase: s.nstr, live: s.bool, hold: s.bool,
            legs: { type: 'array', items: legSchema },
            facts: { type: ['object', 'null'], additionalProperties: true },
            factsTime: s.nnum,
            pnl: { type: 'object', properties: { pnl: s.nnum, pnlPct: s.nnum, realizedPnlCents: s.nnum, cashFlowCents: s.int, commissionCents: s.int, chainRealizedPnlCents: s.int } },
            lineage: { type: 'object', properties: { rootId: s.str, parentId: s.nstr, rollCount: s.int, chain: { type: 'array', items: lineageItem } } },
            orders: { type: 'array', items: orderSchema },
          },
        },
        ...errorResponses,
      },
    },
  }, async (req, reply) => {
    const found = await kernel.store.reads.position(req.params.id);
    if (!found) return sendError(reply, 'TW_HTTP_POSITION_NOT_FOUND', { id: req.params.id });
    const { position, legs } = found;
    const live = kernel.positions().find((p) => p.id === position.id);
    const snapshot = kernel.lastFacts();
    const facts = positionFactsNow(kernel.config, snapshot, position.id);
    const summary = positionSummary(position, snapshot);
    const family = await kernel.store.reads.positions({ strategy: position.strategy, limit: 1000 });
    const chain = family.filter((p) => p.rootId === position.rootId)
      .map((p) => ({ id: p.id, state: p.state, parentId: p.parentId, openedAt: p.openedAt, closedAt: p.closedAt, realizedPnlCents: p.realizedPnlCents, outcome: p.outcome }));
    return {
      position: summary,
      state: live?.state ?? position.phase ?? position.state,
      phase: live?.phase ?? position.phase,
      live: !!live && position.state !== 'closed',
      hold: live?.hold ?? position.hold,
      legs,
      facts,
      factsTime: facts ? kernel.status().lastTickTime : null,
      pnl: {
        pnl: summary.pnl, pnlPct: summary.pnlPct, realizedPnlCents: position.realizedPnlCents, cashFlowCents: position.cashFlowCents,
        commissionCents: position.commissionCents, chainRealizedPnlCents: position.cumulativePnlCents,
      },
      lineage: { rootId: position.rootId, parentId: position.parentId, rollCount: position.rollCount, chain },
      orders: await kernel.store.reads.orders(position.id),
    };
  });

  app.get<{ Params: { id: string } }>('/api/positions/:id/machine', {
    schema: {
      summary: 'The position machine: its graph, the current state, and the transitions taken with the decision, rule and facts behind each',
      params: idParams,
      response: {
        200: {
          type: 'object',
          properties: {
            positionId: s.str,
            current: s.str,
            graph: {
              type: 'object',
              properties: {
                initial: s.str,
                states: { type: 'array', items: { type: 'object', properties: { id: s.str, parent: s.nstr, type: s.str, initial: s.nstr } } },
                transitions: { type: 'array', items: { type: 'object', properties: { from: s.str, to: s.str, event: s.str, guard: s.str, actions: { type: 'array', items: s.str } } } },
              },
            },
            history: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  ...transitionSchema.properties,
                  rule: s.nstr,
                  decision: { type: ['object', 'null'], properties: { id: s.str, rule: s.str, action: s.str, outcome: s.str, priority: s.num, tickSeq: s.int, preempted: { type: 'array', items: s.str } } },
                  facts: anyJson,
                },
              },
            },
            path: { type: 'array', items: { type: 'object', properties: { from: s.str, to: s.str, count: s.int } } },
            decisions: { type: 'array', items: decisionSchema },
          },
        },
        ...errorResponses,
      },
    },
  }, async (req, reply) => {
    const found = await kernel.store.reads.position(req.params.id);
    if (!found) return sendError(reply, 'TW_HTTP_POSITION_NOT_FOUND', { id: req.params.id });
    const live = kernel.positions().find((p) => p.id === req.params.id);
    const transitions = await kernel.store.reads.transitions(req.params.id);
    const decisions = await kernel.store.reads.decisions({ positionId: req.params.id, limit: 1000 });
    const byId = new Map<string, DecisionRow>(decisions.map((d) => [d.id, d]));
    for (const t of transitions) {
      // Entry decisions and portfolio decisions may be recorded under another position id: fetch the missing ones.
      if (t.decisionId && !byId.has(t.decisionId)) {
        const more = await kernel.store.reads.decisions({ from: t.tickTime, to: t.tickTime, limit: 1000 });
        for (const d of more) byId.set(d.id, d);
      }
    }
    return {
      positionId: req.params.id,
      current: live?.state ?? found.position.phase ?? found.position.state,
      graph: graph(),
      history: explainTransitions(transitions, byId),
      path: pathTaken(transitions),
      decisions: decisions.filter((d) => d.action !== 'none').slice(-200),
    };
  });
}

/**
 * The position's facts of the last tick, with its derived facts (facts.yaml, position scope) added as the rules saw
 * them; null when the last tick did not see the position.
 */
function positionFactsNow(config: ApiContext['kernel']['config'], snapshot: ReturnType<ApiContext['kernel']['lastFacts']>, id: string) {
  const raw = snapshot?.positions.get(id);
  if (!raw) return null;
  const derived = (config.derivedFacts ?? []).filter((d) => d.scope === 'position');
  if (derived.length === 0) return raw;
  const all = addDerivedFacts(config, { ...snapshot!.portfolio, ...raw });
  return { ...raw, ...Object.fromEntries(derived.map((d) => [d.name, all[d.name] ?? null])) };
}
