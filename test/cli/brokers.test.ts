import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../bin/cli.ts';
import { brokerFiles, defineBroker, loadBrokers, registerBroker, registeredBrokers, unregisterBroker, type BrokerRegistration } from '../../bin/wiring/brokers.ts';
import { simAdapters } from '../../bin/wiring/sim.ts';
import { numberOption } from '../../bin/command.ts';

const root = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tickwise-brokers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sink(): Writable & { text: () => string } {
  const chunks: string[] = [];
  const w = new Writable({ write(c, _e, cb) { chunks.push(String(c)); cb(); } }) as Writable & { text: () => string };
  w.text = () => chunks.join('');
  return w;
}

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = sink();
  const stderr = sink();
  const code = await main(argv, { stdout, stderr, cwd: root, env: {} });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** A broker that is not shipped: the simulated market under another name, with an option of its own. */
const scratch: BrokerRegistration = defineBroker({
  name: 'scratch',
  description: 'a scratch broker registered by a test',
  options: { 'scratch-seed': { type: 'string', arg: 'N', description: 'scratch: seed', default: '3' } },
  prepare(values) {
    const seed = numberOption(values, 'scratch-seed', 3, { integer: true });
    return ({ config }) => ({
      ...simAdapters({ seed, speed: 0, startingEquityCents: Math.round(config.settings.startingEquity * 100), rate: config.settings.riskFreeRate }),
      label: `scratch market seed ${seed}`,
    });
  },
});

beforeAll(async () => { await loadBrokers(); });
afterEach(() => unregisterBroker('scratch'));

/** The names `start --help` offers on its `--broker` line, in order. */
function helpBrokers(help: string): string[] {
  const line = help.split('\n').find((l) => l.trimStart().startsWith('--broker NAME'))!;
  return [...line.matchAll(/(?:NAME\s+|; )([a-z][a-z0-9-]*): /g)].map((m) => m[1]);
}

describe('the broker registry behind tickwise start --broker', () => {
  it('registers one broker per bin/wiring/broker-<name>.ts file, each named after its file', async () => {
    const names = (await loadBrokers()).map((b) => b.name).sort();
    expect(names).toEqual(brokerFiles().map((f) => f.replace(/^broker-|\.ts$/g, '')).sort());
  });

  it('offers exactly the registered brokers in start --help, each with its own options', async () => {
    const { code, stdout } = await cli('start', '--help');
    expect(code).toBe(0);
    expect(helpBrokers(stdout)).toEqual(registeredBrokers().map((b) => b.name));
    for (const b of registeredBrokers()) for (const o of Object.keys(b.options)) expect(stdout).toContain(`--${o}`);
  });

  it('answers an unknown --broker with a usage error listing exactly the registered brokers', async () => {
    const { code, stderr } = await cli('start', '--broker', 'x', '--no-api');
    expect(code).toBe(2);
    expect(stderr).toContain('TW_CLI_BAD_OPTION_VALUE');
    const listed = /must be one of ([^,]+(?:, [^,]+)*), got "x"/.exec(stderr)?.[1].split(', ');
    expect(listed).toEqual(registeredBrokers().map((b) => b.name));
  });

  it('refuses another broker\'s option, naming the broker it belongs to', async () => {
    const ib = registeredBrokers().find((b) => b.name !== 'sim')!;
    const option = Object.keys(ib.options)[0];
    const { code, stderr } = await cli('start', '--broker', 'sim', `--${option}`, ...(ib.options[option].type === 'string' ? ['1'] : []), '--no-api');
    expect(code).toBe(2);
    expect(stderr).toContain(`option --${option} is an option of --broker ${ib.name}`);
  });

  it('refuses a registration whose option another broker already has', () => {
    const sim = registeredBrokers().find((b) => b.name === 'sim')!;
    const clash = defineBroker({ ...scratch, name: 'clash', options: { [Object.keys(sim.options)[0]]: { type: 'boolean', description: 'x' } } });
    expect(() => registerBroker(clash)).toThrow(/already broker "sim"'s/);
    expect(registeredBrokers().map((b) => b.name)).not.toContain('clash');
  });

  it('runs start on a scratch broker once it is registered: its help, its option and its adapters', async () => {
    registerBroker(scratch);
    const help = await cli('start', '--help');
    expect(helpBrokers(help.stdout)).toContain('scratch');
    expect(help.stdout).toContain('--scratch-seed N');
    const r = await cli('start', '--broker', 'scratch', '--scratch-seed', '9', '--ticks', '3', '--no-api', '--no-watch', '--config', root, '--db', join(dir, 'scratch.duckdb'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('scratch market seed 9');
    expect(r.stdout).toMatch(/stopped after tick 3/);
    unregisterBroker('scratch');
    const gone = await cli('start', '--broker', 'scratch', '--no-api');
    expect(gone.code).toBe(2);
  }, 120_000);
});
