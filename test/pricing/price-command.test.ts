import { spawnSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import priceCommand from '../../bin/commands/price.ts';
import { parseCommandArgs, type CommandIO } from '../../bin/command.ts';
import { COMMANDS } from '../../bin/commands/index.ts';
import { isTickwiseError } from '../../engine/errors/index.ts';

function collector(): Writable & { text: string } {
  const w = new Writable({
    write(chunk, _enc, done) {
      w.text += String(chunk);
      done();
    },
  }) as Writable & { text: string };
  w.text = '';
  return w;
}

/** Runs the command the way bin/cli.ts does (parse, run; a TickwiseError becomes its exit code and message). */
async function price(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = collector();
  const stderr = collector();
  const io: CommandIO = { stdout, stderr, cwd: process.cwd(), env: {} };
  try {
    const code = await priceCommand.run(parseCommandArgs(priceCommand, argv), io);
    return { code, stdout: stdout.text, stderr: stderr.text };
  } catch (e) {
    if (!isTickwiseError(e)) throw e;
    return { code: e.exit, stdout: stdout.text, stderr: `error ${e.describe()}\n` };
  }
}

const hull = ['--spot', '42', '--strike', '40', '--years', '0.5', '--rate', '0.1'];

describe('tickwise price', () => {
  it('reproduces Hull\'s call 4.76 and put 0.81 as JSON with exactly the documented keys', async () => {
    const call = await price('--right', 'call', ...hull, '--vol', '0.2', '--format', 'json');
    expect(call.code).toBe(0);
    const c = JSON.parse(call.stdout);
    expect(Object.keys(c)).toEqual(['price', 'delta', 'gamma', 'theta', 'vega', 'rho', 'iv']);
    expect(c.price).toBeCloseTo(4.76, 2);
    expect(c.iv).toBe(0.2);
    const p = JSON.parse((await price('--right', 'put', ...hull, '--vol', '0.2', '--format', 'json')).stdout);
    expect(p.price).toBeCloseTo(0.81, 2);
  });

  it('reports Hull\'s Greeks in the stated units: theta per calendar day, vega per vol point, rho per 1%', async () => {
    const r = await price('--right', 'put', '--spot', '305', '--strike', '300', '--years', String(4 / 12), '--rate', '0.08', '--div', '0.03', '--vol', '0.25', '--format', 'json');
    const g = JSON.parse(r.stdout);
    expect(g.theta).toBeCloseTo(-0.0497, 4);
    expect(g.gamma).toBeCloseTo(0.00857, 5);
    expect(Math.abs(g.vega - 0.6644)).toBeLessThan(1e-4);
    expect(Math.abs(g.rho + 0.4257)).toBeLessThan(1e-4);
  });

  it('solves the implied volatility from a premium and prices back to that premium', async () => {
    const r = JSON.parse((await price('--right', 'call', ...hull, '--premium', '4.76', '--format', 'json')).stdout);
    expect(r.iv).toBeCloseTo(0.2, 3);
    expect(r.price).toBeCloseTo(4.76, 10);
  });

  it('accepts a negative rate written as --rate=-0.005', async () => {
    const r = JSON.parse((await price('--right', 'call', '--spot', '42', '--strike', '40', '--years', '0.5', '--rate=-0.005', '--vol', '0.2', '--format', 'json')).stdout);
    expect(r.price).toBeGreaterThan(2);
  });

  it('prints a readable table with units by default', async () => {
    const r = await price('--right', 'call', ...hull, '--vol', '0.2');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/price\s+4\.7594\s+dollars per share/);
    expect(r.stdout).toContain('per calendar day');
    expect(r.stdout).toContain('per volatility point (0.01)');
    expect(r.stdout).toContain('per 1% rate change');
    expect(r.stdout).toMatch(/iv\s+20\.00%/);
  });

  const refusals: [string, string[], string][] = [
    ['a negative volatility', ['--right', 'call', ...hull, '--vol=-0.2'], 'TW_PRICING_INVALID_INPUT'],
    ['a negative volatility written with a space (node\'s parser reads -0.2 as an option)', ['--right', 'call', ...hull, '--vol', '-0.2'], 'TW_CLI_BAD_OPTION_VALUE'],
    ['a volatility written as a percentage', ['--right', 'call', ...hull, '--vol', '20'], 'TW_PRICING_INVALID_INPUT'],
    ['a negative spot', ['--right', 'call', '--spot=-42', '--strike', '40', '--years', '0.5', '--rate', '0.1', '--vol', '0.2'], 'TW_PRICING_INVALID_INPUT'],
    ['negative years', ['--right', 'call', '--spot', '42', '--strike', '40', '--years=-1', '--rate', '0.1', '--vol', '0.2'], 'TW_PRICING_INVALID_INPUT'],
    ['a premium below intrinsic value', ['--right', 'call', ...hull, '--premium', '3'], 'TW_PRICING_BELOW_INTRINSIC'],
    ['a premium above the spot', ['--right', 'call', ...hull, '--premium', '50'], 'TW_PRICING_ABOVE_UPPER_BOUND'],
    ['both --vol and --premium', ['--right', 'call', ...hull, '--vol', '0.2', '--premium', '4.76'], 'TW_PRICING_VOL_OR_PREMIUM'],
    ['neither --vol nor --premium', ['--right', 'call', ...hull], 'TW_PRICING_VOL_OR_PREMIUM'],
    ['a missing --strike', ['--right', 'call', '--spot', '42', '--years', '0.5', '--rate', '0.1', '--vol', '0.2'], 'TW_CLI_MISSING_OPTION'],
    ['a right that is neither call nor put', ['--right', 'straddle', ...hull, '--vol', '0.2'], 'TW_CLI_BAD_OPTION_VALUE'],
    ['a spot that is not a number', ['--right', 'call', '--spot', 'abc', '--strike', '40', '--years', '0.5', '--rate', '0.1', '--vol', '0.2'], 'TW_CLI_BAD_OPTION_VALUE'],
  ];
  for (const [what, argv, code] of refusals) {
    it(`exits 2 with ${code} for ${what}`, async () => {
      const r = await price(...argv);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(code);
      expect(r.stdout).toBe('');
    });
  }
});

const root = new URL('../..', import.meta.url).pathname;
const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/tickwise.js', 'price', ...args], { cwd: root, encoding: 'utf8' });

// Runs once the command is registered in bin/commands/index.ts (the lead's file).
describe.skipIf(!COMMANDS.price)('node bin/tickwise.js price', () => {
  it('prints Hull\'s call price as JSON and exits 0', () => {
    const r = cli('--right', 'call', ...hull, '--vol', '0.2', '--format', 'json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).price).toBeCloseTo(4.76, 2);
  });

  it('exits 2 with a coded message and no stack trace for a premium below intrinsic value', () => {
    const r = cli('--right', 'call', ...hull, '--premium', '1');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('TW_PRICING_BELOW_INTRINSIC');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
