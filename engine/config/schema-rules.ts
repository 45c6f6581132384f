import { ACTION_PARAMS, ACTIONS, actionsFor, actionsTaking, type ActionParamName, type ActionSpec } from '../catalogue/index.ts';
import { conditionDefs, type EditorFact, fractionHint, NAME_PATTERN, PARAM_PATTERN, SCHEMA_BASE } from './schema-conditions.ts';

/**
 * The `then` object of a rule, from the action catalogue: the action enum and its description per scope, and every
 * other key described with the actions that take it and its unit. Which key an action takes is checked semantically
 * (check-rules.ts, TW_CONFIG_ACTION), where the message can say which actions do.
 */
export function actionSchema(list: readonly ActionSpec[] = ACTIONS): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    action: {
      description: `${actionsFor('position', list).join(' | ')} (position scope); ${actionsFor('portfolio', list).join(' | ')} (portfolio scope). See docs/actions.md.`,
      enum: list.map((a) => a.name),
    },
  };
  for (const [key, p] of Object.entries(ACTION_PARAMS) as [ActionParamName, (typeof ACTION_PARAMS)[ActionParamName]][]) {
    const description = `${actionsTaking(key, list).join(' | ')}: ${p.description}${p.kind === 'number' ? ` Unit: ${p.unit}.` : ''}`;
    if (p.kind === 'enum') properties[key] = { description, enum: p.values, ...(p.default ? { default: p.default } : {}) };
    else if (p.kind === 'text') properties[key] = { description, type: 'string' };
    else {
      const number = p.unit === 'fraction' ? { description: 'A fraction (0.5 = 50%).', type: 'number', allOf: [fractionHint(1, 'A fraction')] } : { description: `A number (${p.unit}).`, type: 'number' };
      properties[key] = { description, anyOf: [number, { $ref: '#/$defs/paramRef' }] };
    }
  }
  return { description: 'A rule action and its parameters.', type: 'object', properties, required: ['action'], additionalProperties: false };
}

/** The JSON Schema (2020-12) of a `rules/*.yaml` file. Written to schemas/rules.schema.json by scripts/gen-schemas.ts. */
export function rulesSchema(derived: readonly EditorFact[] = []): Record<string, unknown> {
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
      action: actionSchema(),
      ...conditionDefs(derived),
    },
  };
}
