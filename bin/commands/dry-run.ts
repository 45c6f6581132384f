import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { twError } from '../../engine/errors/index.ts';
import { choiceOption, defineCommand, numberOption } from '../command.ts';

/** `tickwise dry-run`: runs scenario files through the kernel (paper broker, simulated clock, DuckDB in memory). */
export default defineCommand({
  name: 'dry-run',
  summary: 'run rule scenarios through the engine and check what it decides (for CI)',
  usage: 'tickwise dry-run [SCENARIO… | DIR] [--config DIR] [--format text|json|junit] [--out FILE] [--explain] [--update] [--fill PRICE] [--coverage] [--min-coverage RATIO] [--coverage-format text|json|cobertura] [--coverage-out FILE]',
  positionals: 'SCENARIO… | DIR',
  options: {
    config: { type: 'string', arg: 'DIR', description: 'config folder for scenarios that name none', default: '.' },
    format: { type: 'string', arg: 'FORMAT', description: 'text, json or junit (JUnit XML for CI)', default: 'text' },
    out: { type: 'string', arg: 'FILE', description: 'write the report to FILE instead of standard output' },
    explain: { type: 'boolean', description: 'print every tick\'s trace: each rule, condition by condition, with the fact values' },
    update: { type: 'boolean', description: 'record the decisions of scenarios without `expect` in .snap files beside them' },
    fill: { type: 'string', arg: 'PRICE', description: 'fill price for every scenario: mid, natural or mid+F (F of the spread beyond the mid, 0 to 0.5); overrides the scenarios\' fill.price' },
    coverage: { type: 'boolean', description: 'report rule coverage: per rule fired / pre-empted, per leaf condition true / false, and which scenarios did each' },
    'min-coverage': { type: 'string', arg: 'RATIO', description: 'exit 1 when rule coverage is below RATIO (0 to 1, e.g. 0.9); implies --coverage' },
    'coverage-format': { type: 'string', arg: 'FORMAT', description: 'format of the --coverage-out file: text, json or cobertura (Cobertura XML for CI coverage views)', default: 'text' },
    'coverage-out': { type: 'string', arg: 'FILE', description: 'write the coverage report to FILE (in --coverage-format); implies --coverage' },
  },
  examples: [
    'tickwise dry-run',
    'tickwise dry-run scenarios/rules/take-profit-fires.yaml --explain',
    'tickwise dry-run scenarios --format junit --out dry-run.xml',
    'tickwise dry-run scenarios/replay --fill mid+0.25',
    'tickwise dry-run scenarios --coverage --min-coverage 0.9',
    'tickwise dry-run scenarios --format junit --out dry-run.xml --coverage-format cobertura --coverage-out coverage.xml',
  ],
  async run(args, io) {
    const format = choiceOption(args.values, 'format', ['text', 'json', 'junit'] as const, 'text');
    const fill = await fillOption(args.values.fill);
    const coverageFormat = choiceOption(args.values, 'coverage-format', ['text', 'json', 'cobertura'] as const, 'text');
    const coverageOut = typeof args.values['coverage-out'] === 'string' ? args.values['coverage-out'] : null;
    // Without a file the coverage travels with the main report, so a format of its own needs --coverage-out.
    if (args.values['coverage-format'] !== undefined && coverageOut === null) throw twError('TW_CLI_MISSING_OPTION', { command: 'dry-run --coverage-format', option: 'coverage-out' });
    const minCoverage = args.values['min-coverage'] === undefined ? undefined : numberOption(args.values, 'min-coverage', 0, { min: 0, max: 1 });
    const coverage = args.values.coverage === true || minCoverage !== undefined || coverageOut !== null || args.values['coverage-format'] !== undefined;
    const { dryRun, renderCoverage, coverageText, gateLines } = await import('../dryrun/index.ts');
    const result = await dryRun({
      paths: args.positionals, cwd: io.cwd, configDir: typeof args.values.config === 'string' ? args.values.config : '.',
      format, explain: args.values.explain === true, update: args.values.update === true, ...(fill ? { fill } : {}),
      coverage, ...(minCoverage !== undefined ? { minCoverage } : {}),
    });
    const toFile = typeof args.values.out === 'string';
    if (toFile) await writeFile(resolve(io.cwd, args.values.out as string), result.output);
    // Text and JSON reports carry the coverage; a JUnit report does not, so its coverage text goes beside it.
    if (!toFile || format === 'text') io.stdout.write(result.output);
    else io.stdout.write(renderSummary(result.reports));
    const c = result.coverage;
    if (c) {
      if (coverageOut !== null) await writeFile(resolve(io.cwd, coverageOut), renderCoverage(c, coverageFormat, result.startedAt));
      if (format === 'junit') {
        const lines = [...coverageText(c), ...gateLines(c, minCoverage ?? null)].join('\n');
        (toFile ? io.stdout : io.stderr).write(`${lines}\n`);
      }
    }
    return result.exitCode;
  },
});

async function fillOption(raw: unknown): Promise<string | undefined> {
  if (raw === undefined) return undefined;
  const { FILL_PRICE_EXPECTED, parseFillPrice } = await import('../../adapters/sim/index.ts');
  if (typeof raw === 'string' && parseFillPrice(raw) !== null) return raw;
  throw twError('TW_CLI_BAD_OPTION_VALUE', { option: 'fill', problem: `must be ${FILL_PRICE_EXPECTED}, got "${String(raw)}"`, expected: 'use mid, natural or mid+0.25' });
}

function renderSummary(reports: { status: string }[]): string {
  const pass = reports.filter((r) => r.status === 'pass').length;
  return `${reports.length} scenarios: ${pass} passed, ${reports.length - pass} did not\n`;
}
