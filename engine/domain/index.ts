export * from './contract.ts';
export * from './money.ts';
export * from './time.ts';
export * from './market.ts';
export * from './order.ts';
export * from './market-calendar.ts';
