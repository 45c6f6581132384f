import { defineErrors } from '../define.ts';

/**
 * Codes of the rule lint (engine/config/lint): what the interval analysis of the rules' conditions proves about
 * them, per strategy after its parameter overrides. Prefix: TW_LINT_. Always warnings: they never block `start`
 * or a reload. See docs/lint.md.
 */
export const lintErrors = defineErrors({
  TW_LINT_NEVER_TRUE: {
    message: '{what} of rule "{rule}" can never be true {forWhom}: {why}',
    hint: '{hint}',
    fix: 'The analysis found no fact values for which this condition holds, with the parameters the named strategies give the rule (their `manage.params` over the rule\'s defaults). Typical causes: two bounds on the same fact that exclude each other (`dte > 30` with `dte < 10`), a `between` whose low end is above its high end, or a strategy override that moves one threshold past another. Fix the bounds or the override; a rule that can never be true never acts. See docs/lint.md.',
    exit: 1,
    severity: 'warning',
  },
  TW_LINT_SHADOWED: {
    message: 'rule "{rule}" can never act {forWhom}: whenever it matches, "{shadow}" ({shadowAt}, priority {shadowPriority}, {shadowAction}) matches too and wins first',
    hint: '{hint}',
    fix: 'Per position, the first matching exclusive rule (close, roll, reduce) in priority order wins, and later matches are only pre-empted. The analysis proved that this rule\'s condition implies the named higher-priority rule\'s, for the named strategies with their parameters, and that the winner cannot hand the decision down (it is a close or a reduce, which are never unexecutable, or a roll whose `fallback` is `close` or `none`). So this rule is dead for them. Give it a higher priority than the shadowing rule, narrow the shadowing rule, or remove this one. See docs/lint.md.',
    exit: 1,
    severity: 'warning',
  },
  TW_LINT_UNMANAGED: {
    message: 'position rule "{rule}" {problem}',
    hint: '{hint}',
    fix: 'A position rule acts only on the positions of strategies that it manages: those whose `manage.rules` lists it, or, when a strategy has no `manage.rules`, those its `appliesTo` names (by strategy name or tag; no `appliesTo` is every strategy). A disabled strategy opens no new positions, so a rule managed only by disabled strategies acts only on positions they opened before. Add the rule to a strategy\'s `manage.rules`, fix its `appliesTo`, or disable the rule. See docs/lint.md.',
    exit: 1,
    severity: 'warning',
  },
  TW_LINT_OVERLAP: {
    message: 'rules "{rule}" ({action}, {severity}) and "{winner}" ({winnerAt}, {winnerAction}, {winnerSeverity}) can both hold at once {forWhom} (e.g. {example}): "{winner}" wins by priority ({winnerPriority} over {priority})',
    hint: '{hint}',
    fix: 'Two exclusive exits whose conditions can hold on the same tick are decided by priority: the higher one acts and the other is pre-empted. The lint reports such a pair when the order visibly matters: the actions differ and the rule that loses is the more severe one (a warning-severity close pre-empted by an info roll). The example shows fact values for which both conditions hold. If the more severe rule should win, give it the higher priority; if the order is meant, lower its severity or make the conditions exclusive. See docs/lint.md.',
    exit: 1,
    severity: 'warning',
  },
});
