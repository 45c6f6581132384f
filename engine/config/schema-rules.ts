import { conditionDefs, NAME_PATTERN, PARAM_PATTERN, SCHEMA_BASE } from './schema-conditions.ts';

/** The JSON Schema (2020-12) of a `rules/*.yaml` file. Written to schemas/rules.schema.json by scripts/gen-schemas.ts. */
export function rulesSchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${SCHEMA_BASE}rules.schema.json`,
    title: 'tickwise rules file',
    description: 'A rules/*.yaml file: decision rules evaluated every tick in priority order (docs/rules.md).',
    type: 'object',
    properties: {
      rules: { description: 'The decision rules in this file (one theme per file).', type: 'array', minItems: 1, items: { $ref: '#/$defs/rule' } },
    },
    required: ['rules'],
    additionalProperties: false,
    $defs: {
      rule: {
        description: 'One decision rule: when its conditions match, its action is proposed for the position (or the portfolio).',
        type: 'object',
        properties: {
          name: { description: 'Unique kebab-case name, used by strategies (manage.rules), traces and docs.', type: 'string', pattern: NAME_PATTERN },
          description: { description: 'One sentence a trader reads in traces and alerts.', type: 'string', minLength: 1 },
          priority: { description: 'Evaluation order: higher first (integer).', type: 'integer' },
          scope: { description: '`position`: evaluated per managed position; `portfolio`: once per tick for the whole book, before position rules.', enum: ['position', 'portfolio'] },
          appliesTo: { description: 'Strategy names or tags this rule manages (position scope). Omitted: every strategy.', type: 'array', minItems: 1, items: { description: 'A strategy name or a tag.', type: 'string', minLength: 1 } },
          params: {
            description: 'Named thresholds used in `when` and `then` as `{ param: name }`; strategies override them in manage.params.',
            type: 'object',
            propertyNames: { pattern: PARAM_PATTERN },
            additionalProperties: { $ref: '#/$defs/ruleParam' },
          },
          when: { description: 'The condition tree (json-rules-engine format).', $ref: '#/$defs/condition' },
          then: { description: 'The action to take when the conditions match.', $ref: '#/$defs/action' },
          severity: { description: 'How loudly the decision is reported.', enum: ['info', 'warning', 'critical'] },
          enabled: { description: 'false: the rule is kept in the file but not evaluated.', type: 'boolean', default: true },
          escalation: { description: 'true: may also act on positions already closing (e.g. turn a limit close marketable).', type: 'boolean', default: false },
        },
        required: ['name', 'description', 'priority', 'scope', 'when', 'then', 'severity'],
        additionalProperties: false,
      },
      action: {
        description: 'A rule action and its parameters.',
        type: 'object',
        properties: {
          action: { description: 'close | roll | reduce | alert (position scope); alert | halt-entries | halt | close-all (portfolio scope).', enum: ['close', 'roll', 'reduce', 'alert', 'halt-entries', 'halt', 'close-all'] },
          orderStyle: { description: '`limit`: work the order from the strategy\'s execution settings; `marketable`: cross the spread at once.', enum: ['limit', 'marketable'], default: 'limit' },
          fraction: { description: 'reduce: fraction of the contracts to close, 0 < fraction < 1 (unit: fraction), or `{ param: name }`.', type: ['number', 'object'], if: { type: 'object' }, then: { $ref: '#/$defs/paramRef' } },
          targetDte: { description: 'roll: target DTE of the new expiry (unit: days), or `{ param: name }`. Default: the strategy\'s legs.dte.target.', type: ['number', 'object'], if: { type: 'object' }, then: { $ref: '#/$defs/paramRef' } },
          rollSide: { description: 'roll: roll only the tested side, or the whole structure.', enum: ['tested', 'all'], default: 'all' },
          message: { description: 'Free text added to the decision and any alert.', type: 'string' },
          fallback: {
            description: 'close | roll | reduce: when the action cannot be carried out (e.g. no roll target in the chain): `next` falls through to the next matching rule in the same tick, `close` closes the position, `none` records it and does nothing.',
            enum: ['next', 'close', 'none'], default: 'next',
          },
        },
        required: ['action'],
        additionalProperties: false,
      },
      ...conditionDefs(),
    },
  };
}
