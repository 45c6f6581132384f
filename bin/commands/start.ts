import { resolve } from 'node:path';
import { choiceOption, defineCommand, numberOption } from '../command.ts';
import { loadConfigDir, formatFinding } from '../../engine/config/index.ts';
import { Kernel, type TickSummary } from '../../engine/kernel/index.ts';
import { ManualClock } from '../../engine/ports/index.ts';
import { openStore } from '../../engine/store/index.ts';
import { formatCents } from '../../engine/domain/index.ts';
import { twError } from '../../engine/errors/index.ts';
import { createLogger } from '../wiring/logger.ts';
import { simAdapters } from '../wiring/sim.ts';

export default defineCommand({
  name: 'start',
  summary: 'run the strategies: the simulated market and the paper broker by default, state in a DuckDB file',
  usage: 'tickwise start [--config DIR] [--db PATH] [--broker sim] [--seed N] [--speed X] [--halt] [--ticks N] [--log-format file|json]',
  options: {
    config: { type: 'string', arg: 'DIR', description: 'folder with strategies.yaml and rules/', default: '.' },
    db: { type: 'string', arg: 'PATH', description: 'DuckDB file (created if missing; resumed if it exists)', default: './data/tickwise.duckdb' },
    broker: { type: 'string', arg: 'NAME', description: 'broker adapter: sim (simulated market + paper broker)', default: 'sim' },
    seed: { type: 'string', arg: 'N', description: 'seed of the simulated market', default: '1' },
    speed: { type: 'string', arg: 'X', description: 'simulated seconds per real second (0 = as fast as possible)', default: '3000' },
    halt: { type: 'boolean', description: 'start with the trading state HALTED (no entries, only cancels and forced exits)' },
    ticks: { type: 'string', arg: 'N', description: 'stop after N ticks (default: run until interrupted)' },
    days: { type: 'string', arg: 'N', description: 'stop after N simulated trading sessions' },
    'log-format': { type: 'string', arg: 'FORMAT', description: 'file: JSON lines to data/tickwise.log; json: JSON lines to stdout', default: 'file' },
  },
  examples: ['tickwise start', 'tickwise start --speed 0 --ticks 500 --db /tmp/t.duckdb', 'tickwise start --halt'],
  async run({ values }, io) {
    const configDir = resolve(io.cwd, String(values.config ?? '.'));
    const dbPath = resolve(io.cwd, String(values.db ?? './data/tickwise.duckdb'));
    const broker = choiceOption(values, 'broker', ['sim'] as const, 'sim');
    const seed = numberOption(values, 'seed', 1, { integer: true });
    const speed = numberOption(values, 'speed', 3000, { min: 0 });
    const maxTicks = values.ticks === undefined ? undefined : numberOption(values, 'ticks', 0, { integer: true, min: 1 });
    const days = values.days === undefined ? undefined : numberOption(values, 'days', 0, { integer: true, min: 1 });
    const logFormat = choiceOption(values, 'log-format', ['file', 'json'] as const, 'file');
    const { config, findings } = await loadConfigDir(configDir);
    for (const f of findings) io.stderr.write(`${formatFinding(f)}\n`);
    if (!config) throw twError('TW_KERNEL_INVALID_CONFIG', { dir: configDir, errors: findings.filter((f) => f.severity === 'error').length });
    const logFile = resolve(dbPath, '..', 'tickwise.log');
    const log = createLogger(logFormat === 'json' ? 'stdout' : { file: logFile });
    const store = await openStore(dbPath);
    const adapters = broker === 'sim' ? simAdapters({ seed, speed, days, startingEquityCents: Math.round(config.settings.startingEquity * 100), rate: config.settings.riskFreeRate }) : null;
    const kernel = new Kernel({ config, store, ...adapters!, clock: new ManualClock(0), log, halt: !!values.halt });
    const out = logFormat === 'json' ? io.stderr : io.stdout;
    const report = await kernel.start();
    out.write(`tickwise: config ${config.version} (${config.strategies.length} strategies, ${config.rules.length} rules), ${broker} broker, db ${dbPath}\n`);
    if (report.resumedFromSeq) out.write(`tickwise: resumed after tick ${report.resumedFromSeq}: ${report.positionsRestored} open positions restored, ${report.ordersResent.length} orders re-sent, ${report.ordersAdopted.length} adopted\n`);
    if (logFormat === 'file') out.write(`tickwise: logs in ${logFile}; Ctrl-C finishes the tick, commits and exits\n`);
    const controller = new AbortController();
    const onSignal = () => controller.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const status = createStatusPrinter(out);
    kernel.subscribe((e) => {
      if (e.type === 'tick') status(e.summary);
      if (e.type === 'alert' && e.alert.severity !== 'info') out.write(`\n${e.alert.severity}: ${e.alert.message}\n`);
    });
    try {
      await kernel.run({ signal: controller.signal, maxTicks });
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await kernel.close();
      log.flush?.();
    }
    const s = kernel.status();
    out.write(`\ntickwise: stopped after tick ${s.seq}; ${s.openPositions} open positions; P&L ${formatCents(s.pnlCents)}; trading state ${s.tradingState}\n`);
    return 0;
  },
});

/** A live status line on a terminal, a periodic summary line otherwise. */
function createStatusPrinter(out: NodeJS.WritableStream & { isTTY?: boolean }) {
  let last = 0;
  return (s: TickSummary) => {
    const line = `${new Date(s.time).toISOString().slice(0, 16).replace('T', ' ')}Z tick ${s.seq} | open ${s.openPositions} | +${s.entered} entered, ${s.closed} closed | P&L ${formatCents(s.pnl)} | ${s.tradingState}`;
    if (out.isTTY) out.write(`\r${line.padEnd(110)}`);
    else if (s.seq - last >= 50 || s.entered || s.closed) {
      out.write(`${line}\n`);
      last = s.seq;
    }
  };
}
