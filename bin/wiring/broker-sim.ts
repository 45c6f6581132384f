// `--broker sim` (the default): the simulated market and the paper broker of adapters/sim (docs/sim.md).
import { numberOption } from '../command.ts';
import { defineBroker } from './brokers.ts';
import { simAdapters } from './sim.ts';

export default defineBroker({
  name: 'sim',
  description: 'the simulated market and the paper broker (adapters/sim)',
  doc: 'docs/sim.md',
  options: {
    seed: { type: 'string', arg: 'N', description: 'sim: seed of the simulated market', default: '1' },
    speed: { type: 'string', arg: 'X', description: 'sim: simulated seconds per real second (0 = as fast as possible)', default: '3000' },
    days: { type: 'string', arg: 'N', description: 'sim: stop after N simulated trading sessions' },
  },
  prepare(values) {
    const seed = numberOption(values, 'seed', 1, { integer: true });
    const speed = numberOption(values, 'speed', 3000, { min: 0 });
    const days = values.days === undefined ? undefined : numberOption(values, 'days', 0, { integer: true, min: 1 });
    return ({ config }) => ({
      ...simAdapters({ seed, speed, days, startingEquityCents: Math.round(config.settings.startingEquity * 100), rate: config.settings.riskFreeRate }),
      label: 'simulated market + paper broker',
    });
  },
});
