/** Lookups over the action catalogue (actions.ts holds only the data, so a test can swap the list for a longer one). */
import { ACTIONS, type ActionParamName, type ActionScope, type ActionSpec, type PortfolioOrderAction, type PositionOrderAction } from './actions.ts';

export const ACTIONS_BY_NAME: ReadonlyMap<string, ActionSpec> = new Map(ACTIONS.map((a) => [a.name, a]));

/** The catalogue entry of `name` (a name the config types guarantee; throws on anything else). */
export function actionSpec(name: string): ActionSpec {
  const a = ACTIONS_BY_NAME.get(name);
  if (!a) throw new Error(`unknown action "${name}"`);
  return a;
}

/** The names of the actions available to `scope`, in catalogue order. */
export function actionsFor(scope: ActionScope, list: readonly ActionSpec[] = ACTIONS): string[] {
  return list.filter((a) => a.scopes.includes(scope)).map((a) => a.name);
}

/** The names of the actions that take `param`, in catalogue order. */
export function actionsTaking(param: ActionParamName, list: readonly ActionSpec[] = ACTIONS): string[] {
  return list.filter((a) => a.params[param] !== undefined).map((a) => a.name);
}

export function isPositionOrderAction(name: string): name is PositionOrderAction {
  const a = ACTIONS_BY_NAME.get(name);
  return a !== undefined && a.sendsOrders && a.scopes.includes('position');
}

export function isPortfolioOrderAction(name: string): name is PortfolioOrderAction {
  const a = ACTIONS_BY_NAME.get(name);
  return a !== undefined && a.sendsOrders && a.scopes.includes('portfolio');
}
