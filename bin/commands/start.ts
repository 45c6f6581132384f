import { dirname, resolve } from 'node:path';
import { choiceOption, defineCommand, numberOption, type OptionSpec, type ParsedArgs } from '../command.ts';
import { checkUnderlyings, feedUnderlyingCheck, loadConfigDir, formatFinding, type LoadResult } from '../../engine/config/index.ts';
import { Kernel } from '../../engine/kernel/index.ts';
import { ManualClock } from '../../engine/ports/index.ts';
import { openStore } from '../../engine/store/index.ts';
import { formatCents } from '../../engine/domain/index.ts';
import { twError } from '../../engine/errors/index.ts';
import { createLogger } from '../wiring/logger.ts';
import { DEFAULT_BROKER, loadBrokers, registeredBrokers } from '../wiring/brokers.ts';
import { createReloader, type Reloader } from '../wiring/reload.ts';
import { serveApi } from '../wiring/api.ts';
import { parseAllowedHosts } from '../../adapters/http/index.ts';
import { createStatusPrinter } from '../wiring/status.ts';
import { createTerminal } from '../wiring/terminal.ts';
import { wireMetrics } from '../wiring/metrics.ts';
import { startNotifier, type Notifier } from '../wiring/notify.ts';

await loadBrokers();

const WHERE: Record<string, OptionSpec> = {
  config: { type: 'string', arg: 'DIR', description: 'folder with strategies.yaml and rules/ (watched: edits reload without a restart)', default: '.' },
  db: { type: 'string', arg: 'PATH', description: 'DuckDB file (created if missing; resumed if it exists)', default: './data/tickwise.duckdb' },
};

const RUN: Record<string, OptionSpec> = {
  halt: { type: 'boolean', description: 'start with the trading state HALTED (no entries; only cancels and forced exits)' },
  ticks: { type: 'string', arg: 'N', description: 'stop after N ticks (default: run until interrupted)' },
  host: { type: 'string', arg: 'HOST', description: 'API and visualizer host (a non-loopback host requires the token on every route)', default: '127.0.0.1' },
  'allowed-host': { type: 'string', arg: 'NAME', multiple: true, description: 'another name the Host header may carry (repeatable or comma-separated, `name` or `name:port`); loopback names and --host are always allowed' },
  port: { type: 'string', arg: 'PORT', description: 'API and visualizer port (0 = any free port)', default: '7300' },
  'no-api': { type: 'boolean', description: 'do not serve the API and the visualizer' },
  'metrics-public': { type: 'boolean', description: 'serve GET /metrics without the token on a non-loopback host too (it is open on loopback anyway; docs/metrics.md)' },
  'no-watch': { type: 'boolean', description: 'do not watch the config files (reload with SIGHUP or the API only)' },
  quiet: { type: 'boolean', description: 'terminal: only the status line and critical alerts and decisions' },
  verbose: { type: 'boolean', description: 'terminal: also the trace of each decision and every order status' },
  'log-format': { type: 'string', arg: 'FORMAT', description: 'file: JSON lines to <db folder>/tickwise.log; json: JSON lines to stdout', default: 'file' },
};

/** `--broker`: its choices and help come from the registry (bin/wiring/brokers.ts), then each broker's own options. */
function brokerOptions(): Record<string, OptionSpec> {
  const brokers = registeredBrokers();
  const broker: OptionSpec = { type: 'string', arg: 'NAME', description: brokers.map((b) => `${b.name}: ${b.description}`).join('; '), default: DEFAULT_BROKER };
  return Object.assign({ broker }, ...brokers.map((b) => b.options));
}

/** A broker's options are refused with another broker: `--seed` means nothing to IB. */
function checkForeignOptions(values: ParsedArgs['values'], chosen: string): void {
  for (const b of registeredBrokers()) {
    if (b.name === chosen) continue;
    const given = Object.keys(b.options).find((o) => values[o] !== undefined);
    if (given) throw twError('TW_CLI_BAD_OPTION_VALUE', { option: given, problem: `is an option of --broker ${b.name}, not of --broker ${chosen}`, expected: `drop --${given} or pass --broker ${b.name}` });
  }
}

export default defineCommand({
  name: 'start',
  summary: 'run the strategies: the simulated market and the paper broker by default, state in a DuckDB file',
  get usage() {
    return `tickwise start [--config DIR] [--db PATH] [--broker ${registeredBrokers().map((b) => b.name).join('|')}] [broker options] [--halt] [--host H] [--allowed-host NAME]... [--port P] [--ticks N] [--quiet|--verbose]`;
  },
  get options() {
    return { ...WHERE, ...brokerOptions(), ...RUN };
  },
  examples: ['tickwise start', 'tickwise start --speed 0 --ticks 500 --db /tmp/t.duckdb', 'tickwise start --broker ib --ib-port 7497 --client-id 7'],
  async run({ values }, io) {
    const configDir = resolve(io.cwd, String(values.config ?? '.'));
    const dbPath = resolve(io.cwd, String(values.db ?? './data/tickwise.duckdb'));
    const dataDir = dirname(dbPath);
    const brokers = registeredBrokers();
    const broker = choiceOption(values, 'broker', brokers.map((b) => b.name), DEFAULT_BROKER);
    checkForeignOptions(values, broker);
    const createAdapters = brokers.find((b) => b.name === broker)!.prepare(values);
    const maxTicks = values.ticks === undefined ? undefined : numberOption(values, 'ticks', 0, { integer: true, min: 1 });
    const port = numberOption(values, 'port', 7300, { integer: true, min: 0, max: 65535 });
    const allowedHosts = [values['allowed-host'] ?? []].flat().map(String);
    parseAllowedHosts(allowedHosts); // a bad value is a usage error before anything starts
    const logFormat = choiceOption(values, 'log-format', ['file', 'json'] as const, 'file');
    if (values.quiet && values.verbose) throw twError('TW_CLI_BAD_OPTION_VALUE', { option: 'quiet', problem: 'cannot be combined with --verbose', expected: 'one of --quiet, --verbose or neither' });
    const verbosity = values.quiet ? 'quiet' : values.verbose ? 'verbose' : 'normal';

    // The one validation path (docs/configuration.md): the checks of `validate`, then, once the feed exists, the
    // underlyings against it. Hot reload runs the same two steps.
    const loaded = await loadConfigDir(configDir);
    const refuse = (r: LoadResult) => {
      for (const f of r.findings) io.stderr.write(`${formatFinding(f)}\n`);
      return twError('TW_KERNEL_INVALID_CONFIG', { dir: configDir, errors: r.findings.filter((f) => f.severity === 'error').length });
    };
    if (!loaded.config) throw refuse(loaded);
    const config = loaded.config;
    const logFile = resolve(dataDir, 'tickwise.log');
    const log = createLogger(logFormat === 'json' ? 'stdout' : { file: logFile });
    const out = logFormat === 'json' ? io.stderr : io.stdout;
    const status = createStatusPrinter(out, { alerts: false });
    const terminal = createTerminal({ verbosity, colour: !!(out as { isTTY?: boolean }).isTTY, write: status.say });

    const store = await openStore(dbPath);
    let kernel: Kernel | null = null;
    let reloader: Reloader | null = null;
    let notifier: Notifier | null = null;
    let app: Awaited<ReturnType<typeof serveApi>>['app'] | null = null;
    const controller = new AbortController();
    const onSignal = () => controller.abort();
    const onHup = () => void reloader?.reloadNow({ reason: 'SIGHUP' });
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      const { label, ...adapters } = createAdapters({ config, store, log });
      const underlyings = feedUnderlyingCheck(adapters.feed);
      const checked = await checkUnderlyings(loaded, underlyings);
      if (!checked.config) throw refuse(checked);
      for (const f of checked.findings) io.stderr.write(`${formatFinding(f)}\n`);
      const monitoring = wireMetrics({ ...adapters, store });
      kernel = new Kernel({ config, ...adapters, ...monitoring.adapters, clock: new ManualClock(0), log, halt: !!values.halt });
      monitoring.bind(kernel);
      const report = await kernel.start();
      status.say(`tickwise: config ${config.version} (${config.strategies.length} strategies, ${config.rules.length} rules), ${label}, db ${dbPath}`);
      if (report.resumedFromSeq) status.say(`tickwise: resumed after tick ${report.resumedFromSeq}: ${report.positionsRestored} open positions restored, ${report.ordersResent.length} orders re-sent, ${report.ordersAdopted.length} adopted`);
      notifier = startNotifier({ kernel, env: io.env, log, warn: (line) => io.stderr.write(`${line}\n`), onAttempt: (channel, ok) => monitoring.sink.alertDelivery(channel, ok) });
      reloader = createReloader({ kernel, configDir, log, underlyings, watch: !values['no-watch'], onEvent: (e) => {
        monitoring.reloadEvent(e);
        notifier?.reload(e);
        if (verbosity !== 'quiet') status.reload(e);
      } });
      if (!values['no-api']) {
        const api = await serveApi({ kernel, reloader, host: String(values.host ?? '127.0.0.1'), allowedHosts, port, dataDir, env: io.env, log, metrics: { public: !!values['metrics-public'], metrics: monitoring.metrics } });
        app = api.app;
        status.say(`tickwise: visualizer and API at ${api.url} (${api.tokenNote})`);
      }
      if (logFormat === 'file') status.say(`tickwise: logs in ${logFile}; edit ${configDir} to reload; Ctrl-C finishes the tick, commits and exits`);
      process.on('SIGHUP', onHup);
      // The terminal first: a tick's lines come before its status line.
      kernel.subscribe((e) => terminal.kernel(e));
      kernel.subscribe((e) => status.kernel(e));
      await kernel.run({ signal: controller.signal, maxTicks });
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.off('SIGHUP', onHup);
      reloader?.close();
      await app?.close();
      await notifier?.close();
      if (kernel) await kernel.close();
      else await store.close();
      log.flush?.();
    }
    const s = kernel.status();
    status.say(`tickwise: stopped after tick ${s.seq}; ${s.openPositions} open positions; P&L ${formatCents(s.pnlCents)}; trading state ${s.tradingState}`);
    return 0;
  },
});
