import { defineErrors } from '../define.ts';

/** Codes for rule evaluation and the risk gate (engine/evaluate, engine/risk). Prefix: TW_EVALUATE_. */
export const evaluateErrors = defineErrors({
  TW_EVALUATE_UNKNOWN_PARAM: {
    message: 'rule "{rule}" refers to parameter "{param}", which it does not define',
    hint: 'add "{param}" under the rule\'s `params` (with a default) or correct the reference',
    fix: 'A `{ param: name }` value in a rule condition or action must name one of the rule\'s own `params`. Declare the parameter with a `default`, `unit` and `description`, or fix the spelling of the reference.',
    exit: 2,
  },
  TW_EVALUATE_UNKNOWN_OPERATOR: {
    message: 'rule "{rule}" uses operator "{operator}", which tickwise does not know',
    hint: 'use one of the operators listed in docs/facts.md § Operators (e.g. greaterThan, between, crossesAbove)',
    fix: 'Operators come from the operator catalogue (engine/catalogue/operators.ts, listed in docs/facts.md § Operators): json-rules-engine\'s built-ins plus tickwise\'s own. json-rules-engine\'s operator decorators (`not:`, `someFact:`, …) are not supported. Correct the operator name.',
    exit: 2,
  },
  TW_EVALUATE_BAD_VALUE: {
    message: 'rule "{rule}": operator "{operator}" on fact "{fact}" needs {expected}, found {found}',
    hint: 'write the value as {expected}',
    fix: '`between` and `outside` take a pair `[low, high]` of numbers; `in` and `notIn` take a list of literal values; a `{ fact: name }` reference may only be the whole value of a condition, never an element of a list.',
    exit: 2,
  },
  TW_EVALUATE_BAD_CONDITION: {
    message: 'rule "{rule}" has a malformed condition at {pointer}: {problem}',
    hint: 'each condition is `all: [...]`, `any: [...]`, `not: {...}` or a leaf `{ fact, operator, value }`',
    fix: 'Conditions use json-rules-engine\'s format: `all` and `any` take a list, `not` takes exactly one condition, and a leaf has `fact`, `operator` and `value`.',
    exit: 2,
  },
  TW_EVALUATE_UNSUPPORTED: {
    message: 'rule "{rule}" uses {feature} at {pointer}, which tickwise does not evaluate',
    hint: 'write conditions as `all`, `any`, `not` or `{ fact, operator, value }`, with a literal, `{ fact: name }` or `{ param: name }` value and nothing else',
    fix: 'tickwise evaluates a subset of json-rules-engine\'s condition format: facts are flat values, so there is no `path` or `params` (on a condition or on a `{ fact }` value), no condition references (`condition`), and no per-condition `priority` or `name`. json-rules-engine would act on such a key and the compiled rules would not, so both refuse it. Remove the key.',
    exit: 2,
  },
  TW_EVALUATE_UNKNOWN_RULE: {
    message: 'rule "{rule}" is not part of config version {version}',
    hint: 'check the rule name; `tickwise rules` lists the loaded rules',
    fix: 'The name must match a rule loaded from rules/*.yaml (and not disabled). A strategy\'s `manage.rules` can only list loaded position-scope rules.',
    exit: 2,
  },
  TW_EVALUATE_UNKNOWN_STRATEGY: {
    message: 'position {position} belongs to strategy "{strategy}", which config version {version} does not define',
    hint: 'evaluate the position with the rule set of the config version it was opened under (pinConfigVersion), or restore the strategy',
    fix: 'Every position is evaluated with the rules of its strategy. After a reload that removed a strategy, keep the old config version for its open positions or put the strategy back; tickwise refuses to leave a position silently unmanaged.',
    exit: 1,
  },
  TW_EVALUATE_ACTION_SCOPE: {
    message: 'rule "{rule}" has scope {scope} but action "{action}", which only a {expected} rule may take',
    hint: '{scope} rules take: {allowed}',
    fix: 'Change the rule\'s `scope` or its `then.action` so that they fit: position-scope rules act on one position, portfolio-scope rules on the book. Which action each scope takes is listed in docs/actions.md (generated from the action catalogue, engine/catalogue/actions.ts); the hint lists them for the rule\'s scope.',
    exit: 2,
  },
  TW_EVALUATE_MISSING_ACTION_PARAM: {
    message: 'rule "{rule}": action "{action}" needs {param}',
    hint: '{expected}',
    fix: 'An action needs every `then` key its catalogue entry marks required (docs/actions.md: `fraction`, 0 < fraction < 1, a number or a `{ param }` reference); other action parameters have defaults.',
    exit: 2,
  },
  TW_EVALUATE_REFERENCE_FAILED: {
    message: 'json-rules-engine could not evaluate rule "{rule}": {reason}',
    hint: 'check the rule\'s conditions; run `tickwise check` for details',
    fix: 'The reference evaluator (json-rules-engine) rejected a rule that the compiler accepted. This points at a condition whose value does not fit its operator; fix the rule. If the rule is correct, report it as a bug with the rule and the facts.',
    exit: 1,
  },
});
