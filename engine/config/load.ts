import type { Finding, ParamValue, ResolvedConfig } from './types.ts';
import { finding, sortFindings, type Where } from './finding.ts';
import { whereAt } from './locate.ts';
import { parseConfigFile } from './parse.ts';
import { collectRules, collectStrategies, type RulesCollected } from './collect.ts';
import { checkRules } from './check-rules.ts';
import { checkStrategies } from './check-strategies.ts';
import { checkOverride } from './check-overrides.ts';
import { configVersion, resolveConfig } from './resolve.ts';
import type { RuleEntry, SettingsEntry, StrategyEntry } from './entries.ts';
import { checkFactsFile, type FactsChecked } from './check-facts.ts';
import { FACTS_FILE } from './schema-facts.ts';
import { ALERTS_FILE, attachAlerts, checkAlertsFile } from './check-alerts.ts';

export interface ConfigFileText {
  /** Relative to the config folder, with forward slashes: `strategies.yaml`, `rules/exits.yaml`. */
  path: string;
  text: string;
}

export interface LoadOptions {
  /** Report a finding when there is no rules file (default true). */
  requireRules?: boolean;
  /** Some rules files exist but could not be read (reported by the reader): their rules are unknown. */
  rulesUnread?: boolean;
}

export interface LoadResult {
  /** The resolved, frozen config; null when any finding is an error. */
  config: ResolvedConfig | null;
  /** Every problem found, sorted by file, line and column. */
  findings: Finding[];
  /**
   * The underlying of every strategy that passed the schema, with where it is written: what `checkUnderlyings`
   * checks against the market feed, even when other findings make the config invalid.
   */
  underlyings?: readonly { strategy: string; symbol: string; where: Where }[];
}

export const STRATEGIES_FILE = 'strategies.yaml';
/**
 * A rules file's name: `.yaml` or `.yml` in any letter case (`EXITS.YAML` too), not hidden or an editor's lock or
 * backup file (`.exits.yaml`, `.#exits.yaml`, `~exits.yaml`). The reader and the watcher both use this.
 */
export const isRulesFileName = (name: string) => /\.ya?ml$/i.test(name) && !/^[.#~]/.test(name);
export const isRulesFile = (path: string) => /^rules\/[^/]+$/.test(path) && isRulesFileName(path.slice('rules/'.length));

/**
 * Loads a configuration from file contents (no file system): parse → schema → semantic checks → resolve.
 * Never throws for a user mistake: every mistake is a finding at its file:line:col.
 */
export function loadConfigFromFiles(files: readonly ConfigFileText[], opts: LoadOptions = {}): LoadResult {
  const findings: Finding[] = [];
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const strategiesFile = sorted.find((f) => f.path === STRATEGIES_FILE);
  const rulesFiles = sorted.filter((f) => isRulesFile(f.path));
  if (!strategiesFile) {
    findings.push(finding('TW_CONFIG_FILE_MISSING', { what: STRATEGIES_FILE, expected: 'add strategies.yaml to the config folder' }, { file: STRATEGIES_FILE, line: 1, col: 1, pointer: '' }));
  }
  if (rulesFiles.length === 0 && opts.requireRules !== false) {
    findings.push(finding('TW_CONFIG_FILE_MISSING', { what: 'rules (rules/*.yaml)', expected: 'add at least one rules/*.yaml file' }, { file: 'rules/', line: 1, col: 1, pointer: '' }));
  }

  // facts.yaml (optional) first: rules may use its derived facts.
  const factsFile = sorted.find((f) => f.path === FACTS_FILE);
  let derived: FactsChecked | null = null;
  if (factsFile) {
    const parsed = parseConfigFile(factsFile.path, factsFile.text, 'facts');
    findings.push(...parsed.findings);
    if (parsed.file) findings.push(...(derived = checkFactsFile(parsed.file)).findings);
  }

  const collected: RulesCollected = { rules: [], broken: [], unknown: opts.rulesUnread === true };
  for (const f of rulesFiles) {
    const parsed = parseConfigFile(f.path, f.text, 'rules');
    findings.push(...parsed.findings);
    if (!parsed.file) collected.unknown = true;
    else findings.push(...collectRules(parsed.file, collected, derived?.specs));
  }
  const rules = collected.rules;

  let strategies: StrategyEntry[] = [];
  let settings: SettingsEntry | null = null;
  let strategiesComplete = false;
  let settingsOk = false;
  if (strategiesFile) {
    const parsed = parseConfigFile(strategiesFile.path, strategiesFile.text, 'strategies');
    findings.push(...parsed.findings);
    if (parsed.file) {
      const s = collectStrategies(parsed.file);
      findings.push(...s.findings);
      ({ strategies, settings, settingsOk } = s.collected);
      strategiesComplete = s.collected.complete;
    }
  }

  // Every check that can still run does: a broken rule or strategy only skips the checks that depend on it.
  findings.push(...checkRules(rules, strategiesComplete ? strategies : null, derived?.specs));
  findings.push(...checkStrategies(strategies, collected.unknown ? null : { rules, broken: collected.broken }));
  const portfolioKnown = !collected.unknown && collected.broken.every((b) => b.scope === 'position');
  if (settings && settingsOk && portfolioKnown) {
    const declared = new Map<string, { rule: RuleEntry; default: ParamValue }>();
    for (const r of rules) if (r.rule.scope === 'portfolio') for (const [k, p] of Object.entries(r.rule.params ?? {})) declared.set(k, { rule: r, default: p.default });
    for (const [name, value] of Object.entries(settings.settings.params ?? {})) {
      checkOverride(name, value, declared, rules, settings.file, `/settings/params/${name}`, 'the portfolio (settings.params)', findings);
    }
  }

  // alerts.yaml (optional, docs/alerts.md): checked on its own; part of the config version when present.
  const alertsFile = sorted.find((f) => f.path === ALERTS_FILE);
  const alerts = alertsFile ? checkAlertsFile(alertsFile.path, alertsFile.text) : null;
  if (alerts) findings.push(...alerts.findings);

  const all = sortFindings(findings);
  const underlyings = strategies.map((e) => ({ strategy: e.strategy.name, symbol: e.strategy.underlying, where: whereAt(e.file, `${e.pointer}/underlying`) }));
  if (all.some((f) => f.severity === 'error')) return { config: null, findings: all, underlyings };
  const read = [...(strategiesFile ? [strategiesFile.path] : []), ...(factsFile ? [factsFile.path] : []), ...rulesFiles.map((f) => f.path), ...(alertsFile ? [alertsFile.path] : [])];
  const version = configVersion([...(factsFile ? [factsFile] : []), ...(strategiesFile ? [strategiesFile] : []), ...rulesFiles, ...(alertsFile ? [alertsFile] : [])]);
  return { config: attachAlerts(resolveConfig(version, read, rules, strategies, settings, sorted, derived?.facts), alerts?.alerts ?? null), findings: all, underlyings };
}
