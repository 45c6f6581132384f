export type { Clock } from './clock.ts';
export { ManualClock } from './clock.ts';
export type { FeedDataProblem, FeedDataStatus, MarketFeed, Subscription } from './market-feed.ts';
export type { Broker } from './broker.ts';
