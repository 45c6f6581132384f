/** Dry-run scenarios: loading and validation (file:line:col findings) and the scenario market feed. See docs/dry-run.md. */
export { loadScenarioText, contractOf, settlementOf, DEFAULT_SPREAD, DEFAULT_STEP, DEFAULT_FILL, type LoadedScenario } from './load.ts';
export { scenarioSchema } from './schema-source.ts';
export { createScenarioFeed, type ScenarioFeed, type ScenarioFeedOptions } from './feed.ts';
export { ivFor, priceQuote, tickQuotes, expiryCloseMs } from './quotes.ts';
export { formatTime, parseAbsolute, resolveTime, applyStep } from './times.ts';
export type { Expectation, ImplicitCheck, ScenarioFill, IvSpec, ResolvedExpectation, Scenario, ScenarioFile, ScenarioLeg, ScenarioPosition, ScenarioTick } from './types.ts';
