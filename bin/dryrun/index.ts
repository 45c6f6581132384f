/** Rule dry-runs: scenario files through the real kernel, checked against expectations or snapshots. See docs/dry-run.md. */
export { dryRun, findScenarios, type DryRunOptions, type DryRunResult } from './dry-run.ts';
export { runScenario, scenarioConfig, controlsOf } from './run-scenario.ts';
export { bindScenario } from './bind.ts';
export { checkExpectations } from './expectations.ts';
export { explainRule, explainTick, decisionTrace } from './explain.ts';
export { renderReports, coverageOk, gateLines, type ReportFormat } from './report.ts';
export { junit, failureReason, junitTimestamp } from './junit.ts';
export { createCoverage, leafLabel, type CoverageCollector, type CoverageReport, type LeafCoverage, type RuleCoverage } from './coverage.ts';
export { renderCoverage, coverageText, type CoverageFormat } from './coverage-report.ts';
export { phasesAtEvaluation } from './run-scenario.ts';
export { checkSnapshot, snapshotLines, snapshotPath, diffLines } from './snapshot.ts';
export type { ExpectationResult, OrderRecord, ScenarioReport, ScenarioRun, SnapshotResult, TickRecord } from './types.ts';
