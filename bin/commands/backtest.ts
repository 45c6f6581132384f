import { join, resolve } from 'node:path';
import { twError } from '../../engine/errors/index.ts';
import { choiceOption, defineCommand, numberOption } from '../command.ts';

/** `tickwise backtest`: the strategies and rules over recorded option chains, through the same kernel as `start`. */
export default defineCommand({
  name: 'backtest',
  summary: 'run the strategies and rules over recorded option chains and report the metrics, trades and an HTML report',
  usage: 'tickwise backtest --data FILE [--data FILE ...] [--source cboe|optionsdx|auto] [--columns MAP.yaml] [--vix FILE] [--underlying SYM] [--from DATE] [--to DATE] [--config DIR] [--out DIR] [--fill mid|natural|mid+0.25] [--commission 0.65] [--equity 100000] [--compare OTHER_CONFIG_DIR] [--fail-if EXPR ...] [--format text|json] [--cache-dir DIR | --no-cache]',
  options: {
    data: { type: 'string', multiple: true, arg: 'FILE', description: 'option chain file (CSV, CSV.gz or Parquet); repeat for several files, in time order' },
    source: { type: 'string', arg: 'LAYOUT', description: 'the files\' layout: cboe, optionsdx or auto (detected from the header)', default: 'auto' },
    columns: { type: 'string', arg: 'MAP.yaml', description: 'column mapping for any other vendor\'s layout (docs/replay.md, "Other vendors")' },
    vix: { type: 'string', arg: 'FILE', description: 'VIX daily history (DATE, CLOSE), for the vix facts' },
    underlying: { type: 'string', arg: 'SYM', description: 'the underlying to replay (files with several, or layouts without an underlying column)' },
    from: { type: 'string', arg: 'DATE', description: 'first quote date to replay, YYYY-MM-DD' },
    to: { type: 'string', arg: 'DATE', description: 'last quote date to replay, YYYY-MM-DD' },
    config: { type: 'string', arg: 'DIR', description: 'folder holding strategies.yaml and rules/', default: '.' },
    out: { type: 'string', arg: 'DIR', description: 'output folder', default: './backtests/<timestamp>' },
    fill: { type: 'string', arg: 'PRICE', description: 'fill price: mid, natural or mid+F (F of the spread beyond the mid, 0 to 0.5)', default: 'mid' },
    commission: { type: 'string', arg: 'DOLLARS', description: 'commission per contract per leg', default: '0.65' },
    equity: { type: 'string', arg: 'DOLLARS', description: 'starting equity', default: '100000' },
    compare: { type: 'string', arg: 'OTHER_CONFIG_DIR', description: 'also run this config over the same data and compare (A = --config, B = this)' },
    'fail-if': { type: 'string', multiple: true, arg: 'EXPR', description: 'exit 1 when an overall metric meets this, e.g. \'maxDrawdown>0.15\' or \'sharpe<0.5\'; repeatable' },
    format: { type: 'string', arg: 'FORMAT', description: 'text (ends with a metrics table) or json (prints metrics.json)', default: 'text' },
    'cache-dir': { type: 'string', arg: 'DIR', description: 'folder of the columnar cache of the data files (default: $TICKWISE_CACHE_DIR/replay, else ~/.cache/tickwise/replay)' },
    'no-cache': { type: 'boolean', description: 'read the data files without the columnar cache (and write none)' },
  },
  examples: [
    'tickwise backtest --data ../shared/data/spx_options_cboe_20190425_20190722.csv.gz --vix ../shared/data/vix_daily_cboe.csv --config examples/backtest-spx',
    'tickwise backtest --data chains.csv --columns vendor-x.columns.yaml --underlying SPX --fill mid+0.25 --out ./bt',
    'tickwise backtest --data chains.csv.gz --config proposed --compare base --fail-if \'maxDrawdown>0.15\' --fail-if \'sharpe<0.5\'',
  ],
  async run(args, io) {
    const v = args.values;
    const str = (name: string) => (typeof v[name] === 'string' ? (v[name] as string) : undefined);
    const list = (name: string) => (Array.isArray(v[name]) ? (v[name] as string[]) : []);
    const format = choiceOption(v, 'format', ['text', 'json'] as const, 'text');
    const source = choiceOption(v, 'source', ['cboe', 'optionsdx', 'auto'] as const, 'auto');
    const fill = await fillOption(str('fill') ?? 'mid');
    const commission = numberOption(v, 'commission', 0.65, { min: 0 });
    const equity = numberOption(v, 'equity', 100000, { min: 1 });
    const data = list('data');
    if (data.length === 0) throw twError('TW_CLI_MISSING_OPTION', { option: 'data', command: 'backtest' });
    const at = (p: string) => resolve(io.cwd, p);
    const outDir = at(str('out') ?? join('backtests', timestamp()));
    const { backtest, createProgress } = await import('../backtest/index.ts');
    const stderr = io.stderr as NodeJS.WritableStream & { isTTY?: boolean };
    const bars = new Map<string, ReturnType<typeof createProgress>>();
    let stop = false;
    // The first Ctrl-C stops at the next tick and still writes a partial report; a second one gives up at once.
    const onSigint = () => {
      if (stop) process.exit(130);
      stop = true;
      stderr.write('\nstopping at the next tick (Ctrl-C again to quit without a report)…\n');
    };
    process.on('SIGINT', onSigint);
    try {
      const result = await backtest({
        data: data.map(at), source, ...(v['no-cache'] ? { cacheDir: false as const } : str('cache-dir') ? { cacheDir: at(str('cache-dir')!) } : {}), ...(str('columns') ? { columns: at(str('columns')!) } : {}), ...(str('vix') ? { vix: at(str('vix')!) } : {}),
        ...(str('underlying') ? { underlying: str('underlying') } : {}), ...(str('from') ? { from: str('from') } : {}), ...(str('to') ? { to: str('to') } : {}),
        fill, commission, equity, configDir: at(str('config') ?? '.'), ...(str('compare') ? { compareDir: at(str('compare')!) } : {}),
        outDir, failIf: list('fail-if'), format, argv: argvOf(v),
        onTick: (label, e) => {
          let bar = bars.get(label);
          if (!bar) bars.set(label, (bar = createProgress(stderr, label)));
          bar.update(e);
        },
        shouldStop: () => stop,
      });
      for (const b of bars.values()) b.stop();
      io.stdout.write(result.output);
      return result.exitCode;
    } finally {
      for (const b of bars.values()) b.stop();
      process.off('SIGINT', onSigint);
    }
  },
});

/** The default output folder's name: the wall-clock time in UTC, e.g. 2026-12-03T17-05-09Z. */
function timestamp(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z').replaceAll(':', '-');
}

async function fillOption(raw: string): Promise<string> {
  const { FILL_PRICE_EXPECTED, parseFillPrice } = await import('../../adapters/sim/index.ts');
  if (parseFillPrice(raw) !== null) return raw;
  throw twError('TW_CLI_BAD_OPTION_VALUE', { option: 'fill', problem: `must be ${FILL_PRICE_EXPECTED}, got "${raw}"`, expected: 'use mid, natural or mid+0.25' });
}

/** The options as given, back in command-line form (for the report's provenance). */
function argvOf(values: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    for (const one of Array.isArray(value) ? value : [value]) {
      if (one === true) out.push(`--${name}`);
      else if (typeof one === 'string') out.push(`--${name}`, one);
    }
  }
  return out;
}
