import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { twError } from '../../engine/errors/index.ts';
import { choiceOption, defineCommand } from '../command.ts';

/** `tickwise dry-run`: runs scenario files through the kernel (paper broker, simulated clock, DuckDB in memory). */
export default defineCommand({
  name: 'dry-run',
  summary: 'run rule scenarios through the engine and check what it decides (for CI)',
  usage: 'tickwise dry-run [SCENARIO… | DIR] [--config DIR] [--format text|json|junit] [--out FILE] [--explain] [--update] [--fill PRICE]',
  positionals: 'SCENARIO… | DIR',
  options: {
    config: { type: 'string', arg: 'DIR', description: 'config folder for scenarios that name none', default: '.' },
    format: { type: 'string', arg: 'FORMAT', description: 'text, json or junit (JUnit XML for CI)', default: 'text' },
    out: { type: 'string', arg: 'FILE', description: 'write the report to FILE instead of standard output' },
    explain: { type: 'boolean', description: 'print every tick\'s trace: each rule, condition by condition, with the fact values' },
    update: { type: 'boolean', description: 'record the decisions of scenarios without `expect` in .snap files beside them' },
    fill: { type: 'string', arg: 'PRICE', description: 'fill price for every scenario: mid, natural or mid+F (F of the spread beyond the mid, 0 to 0.5); overrides the scenarios\' fill.price' },
  },
  examples: [
    'tickwise dry-run',
    'tickwise dry-run scenarios/rules/take-profit-fires.yaml --explain',
    'tickwise dry-run scenarios --format junit --out dry-run.xml',
    'tickwise dry-run scenarios/replay --fill mid+0.25',
  ],
  async run(args, io) {
    const format = choiceOption(args.values, 'format', ['text', 'json', 'junit'] as const, 'text');
    const fill = await fillOption(args.values.fill);
    const { dryRun } = await import('../dryrun/index.ts');
    const result = await dryRun({
      paths: args.positionals, cwd: io.cwd, configDir: typeof args.values.config === 'string' ? args.values.config : '.',
      format, explain: args.values.explain === true, update: args.values.update === true, ...(fill ? { fill } : {}),
    });
    if (typeof args.values.out === 'string') {
      await writeFile(resolve(io.cwd, args.values.out), result.output);
      if (format !== 'text') io.stdout.write(renderSummary(result.reports));
      else io.stdout.write(result.output);
    } else io.stdout.write(result.output);
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
