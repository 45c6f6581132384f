export { FakeTws, startFakeTws, type FakeTwsOptions, type Interceptor } from './fake-tws.ts';
export { FakeChain, builtInUnderlyings, nextFridays, type FakeContract, type FakeQuote, type UnderlyingSpec } from './chain.ts';
export type { FillMode, FakeOrder } from './order-engine.ts';
export { SERVER_VERSION } from './messages.ts';
