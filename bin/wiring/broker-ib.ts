// `--broker ib`: Interactive Brokers TWS / IB Gateway through adapters/ib (docs/ib.md).
import { numberOption } from '../command.ts';
import { defineBroker } from './brokers.ts';
import { ibAdapters } from './ib.ts';

export default defineBroker({
  name: 'ib',
  description: 'Interactive Brokers TWS / IB Gateway: its market data and its orders (adapters/ib)',
  doc: 'docs/ib.md',
  options: {
    'ib-host': { type: 'string', arg: 'HOST', description: 'ib: TWS / IB Gateway host', default: '127.0.0.1' },
    'ib-port': { type: 'string', arg: 'PORT', description: 'ib: 7497 TWS paper, 4002 Gateway paper; live 7496 / 4001 need --live', default: '7497' },
    'client-id': { type: 'string', arg: 'N', description: 'ib: API client id (keep it stable: orders are found under it after a restart)', default: '1' },
    live: { type: 'boolean', description: 'ib: allow the live-trading ports' },
    'line-limit': { type: 'string', arg: 'N', description: 'ib: market-data lines the account may use', default: '100' },
  },
  prepare(values) {
    const ib = {
      host: String(values['ib-host'] ?? '127.0.0.1'),
      port: numberOption(values, 'ib-port', 7497, { integer: true, min: 1, max: 65535 }),
      clientId: numberOption(values, 'client-id', 1, { integer: true, min: 0 }),
      live: !!values.live,
      lineLimit: numberOption(values, 'line-limit', 100, { integer: true, min: 1 }),
    };
    return ({ store, log }) => ({ ...ibAdapters({ ...ib, store, log }), label: `IB ${ib.host}:${ib.port} client ${ib.clientId}` });
  },
});
