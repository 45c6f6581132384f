/** The Interactive Brokers adapter: one shared connection, a MarketFeed and a Broker over @stoqey/ib. */
export { createIbConnection, IbConnection, type IbConnectionState } from './connection.ts';
export { LIVE_PORTS, resolveConnectionOptions, type IbConnectionOptions } from './options.ts';
export { createIbBroker, type IbBroker, type IbBrokerOptions } from './broker.ts';
export type { StoreView, ReconcileReport } from './reconcile.ts';
export { buildOrder, checkComboRules } from './combo.ts';
export { optionContract, underlyingContract, fromIbOption, INDEX_SYMBOLS } from './contracts.ts';
export { createIbFeed, type IbFeed, type IbFeedOptions, type IbSubscription } from './feed.ts';
