/** Notifications: alerts.yaml's channels, the router, dedupe and the rate cap, and the outbox's delivery worker. */
export { NotifyWorker, backoffMs, type NotifyWorkerOptions, type NotifyLog } from './worker.ts';
export { createChannel, webhookBody } from './channels.ts';
export { channelEnvNames, fromEnv } from './env.ts';
export { formatMessage, alertKind, alertRule } from './format.ts';
export { planDeliveries, idempotencyKey } from './planner.ts';
export { routes, inQuietHours, dedupeKey, failureSource } from './router.ts';
export { signature, verifySignature } from './sign.ts';
export { messageId } from './email.ts';
export type { Channel, Env, OutgoingMessage } from './types.ts';
