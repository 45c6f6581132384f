/** Public surface of the simulated market and the paper broker. */
export { createSimMarket, type SimMarket } from './market.ts';
export { DEFAULT_UNDERLYINGS, type SimMarketOptions, type SimUnderlyingConfig, type ResolvedSimOptions } from './options.ts';
export type { ScriptStep } from './script.ts';
export { listExpiries, expiryClose } from './calendar.ts';
export { usMarketHolidays } from '../../engine/domain/index.ts';
export { createPaperBroker, type PaperBroker, type PaperBrokerOptions } from './paper-broker.ts';
export { parseFillPrice, FILL_PRICE_EXPECTED, FILL_TIMINGS, type FillPriceSpec, type FillTiming } from './paper-model.ts';
