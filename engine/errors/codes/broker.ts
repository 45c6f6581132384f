import { defineErrors } from '../define.ts';

/** Codes for brokers and orders (adapters/sim paper broker, engine ports). Prefix: TW_BROKER_. */
export const brokerErrors = defineErrors({});
