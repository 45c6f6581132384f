import { choiceOption, defineCommand, numberOption, type CommandIO, type ParsedArgs } from '../command.ts';
import { twError } from '../../engine/errors/index.ts';

/** What `tickwise price --format json` prints: theta per calendar day, vega per vol point, rho per 1% rate. */
export interface PriceReport {
  price: number;
  delta: number;
  gamma: number;
  theta: number;
  vega: number;
  rho: number;
  iv: number;
}

function required(values: ParsedArgs['values'], name: string): number {
  if (values[name] === undefined) throw twError('TW_CLI_MISSING_OPTION', { command: 'price', option: name });
  return numberOption(values, name, Number.NaN);
}

async function run(args: ParsedArgs, io: CommandIO): Promise<number> {
  const { values } = args;
  const { bsm, impliedVol, checkMarketInputs, checkVol, checkPrice } = await import('../../engine/pricing/index.ts');
  if (values.right === undefined) throw twError('TW_CLI_MISSING_OPTION', { command: 'price', option: 'right' });
  const right = choiceOption(values, 'right', ['call', 'put'] as const, 'call');
  const format = choiceOption(values, 'format', ['text', 'json'] as const, 'text');
  const given = (['vol', 'premium'] as const).filter((k) => values[k] !== undefined);
  if (given.length !== 1) throw twError('TW_PRICING_VOL_OR_PREMIUM', { given: given.length === 0 ? 'neither' : 'both' });
  const market = { right, spot: required(values, 'spot'), strike: required(values, 'strike'), years: required(values, 'years'), rate: required(values, 'rate'), div: numberOption(values, 'div', 0) };
  let vol: number;
  let premium: number | undefined;
  if (given[0] === 'vol') {
    vol = numberOption(values, 'vol', Number.NaN);
    checkMarketInputs(market, { yearsPositive: false });
    checkVol(vol);
  } else {
    premium = numberOption(values, 'premium', Number.NaN);
    checkPrice(premium);
    vol = impliedVol({ ...market, price: premium });
  }
  const g = bsm({ ...market, vol });
  const report: PriceReport = { price: g.price, delta: g.delta, gamma: g.gamma, theta: g.thetaPerDay, vega: g.vegaPerPoint, rho: g.rhoPerPoint, iv: vol };
  io.stdout.write(format === 'json' ? `${JSON.stringify(report)}\n` : renderText(market, report, premium));
  return 0;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(2)}%`;
}

function renderText(m: { right: string; spot: number; strike: number; years: number; rate: number; div: number }, r: PriceReport, premium: number | undefined): string {
  const rows: [string, string, string][] = [
    ['price', r.price.toFixed(4), 'dollars per share'],
    ['delta', r.delta.toFixed(4), 'per 1.00 move of the spot'],
    ['gamma', r.gamma.toPrecision(4), 'delta change per 1.00 move of the spot'],
    ['theta', r.theta.toFixed(4), 'dollars per share per calendar day'],
    ['vega', r.vega.toFixed(4), 'dollars per share per volatility point (0.01)'],
    ['rho', r.rho.toFixed(4), 'dollars per share per 1% rate change'],
    ['iv', pct(r.iv), premium === undefined ? 'per year, as given' : `per year, implied by the premium ${premium}`],
  ];
  const head = `European ${m.right}: spot ${m.spot}, strike ${m.strike}, ${m.years} years (${(m.years * 365).toFixed(1)} days), rate ${pct(m.rate)}, dividend yield ${pct(m.div)} (Black–Scholes–Merton)`;
  const w = Math.max(...rows.map((row) => row[1].length));
  return [head, ...rows.map(([k, v, unit]) => `  ${k.padEnd(7)}${v.padStart(w)}  ${unit}`)].join('\n') + '\n';
}

export default defineCommand({
  name: 'price',
  summary: 'price a European option and its Greeks, or find the implied volatility of a premium',
  usage: 'tickwise price --right call|put --spot S --strike K --years T --rate r [--div q] (--vol σ | --premium P) [--format text|json]',
  options: {
    right: { type: 'string', arg: 'call|put', description: 'call or put' },
    spot: { type: 'string', arg: 'S', description: 'underlying price' },
    strike: { type: 'string', arg: 'K', description: 'strike price' },
    years: { type: 'string', arg: 'T', description: 'time to expiry in years (30 days = 0.0822)' },
    rate: { type: 'string', arg: 'r', description: 'risk-free rate, continuously compounded decimal per year (0.05 = 5%)' },
    div: { type: 'string', arg: 'q', description: 'continuous dividend yield, decimal per year', default: '0' },
    vol: { type: 'string', arg: 'σ', description: 'volatility, decimal per year (0.2 = 20%); give this or --premium' },
    premium: { type: 'string', arg: 'P', description: 'option price per share, to solve for the implied volatility' },
    format: { type: 'string', arg: 'text|json', description: 'output format; json keys: price, delta, gamma, theta, vega, rho, iv', default: 'text' },
  },
  examples: [
    'tickwise price --right call --spot 42 --strike 40 --years 0.5 --rate 0.1 --vol 0.2',
    'tickwise price --right put --spot 42 --strike 40 --years 0.5 --rate 0.1 --premium 0.81 --format json',
  ],
  run,
});
