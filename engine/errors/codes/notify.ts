import { defineErrors } from '../define.ts';

/** Codes for notifications: alerts.yaml's own checks, the delivery worker, the alerts API. Prefix: TW_NOTIFY_. */
export const notifyErrors = defineErrors({
  TW_NOTIFY_CHANNEL_KEY: {
    message: 'channel "{name}" ({type}) needs "{key}"',
    hint: '{expected}',
    fix: 'Each channel type needs its own keys: webhook, slack and discord a `url` or `urlEnv`; telegram `tokenEnv` and `chatId`; email `host`, `from` and `to`. docs/alerts.md lists every key.',
    exit: 2,
  },
  TW_NOTIFY_UNKNOWN_PLACEHOLDER: {
    message: 'channel "{name}" template uses the unknown placeholder "{{field}}"{suggestion}',
    hint: 'use one of: {allowed}',
    fix: 'A template may use only the placeholders docs/alerts.md lists, in braces: `{severity} {message}`. A misspelt one would be sent as written, so it is refused.',
    exit: 2,
  },
  TW_NOTIFY_ENV_MISSING: {
    message: 'channel "{name}": the environment variable {env} ({what}) is not set',
    hint: 'export {env} before starting tickwise; the channel fails its deliveries until it is set',
    fix: 'Secrets (signing secrets, bot tokens, SMTP passwords, webhook URLs given as `urlEnv`) are read from the environment, never from alerts.yaml. Set the variable in the environment tickwise starts in.',
    exit: 2,
    severity: 'warning',
  },
  TW_NOTIFY_DELIVERY_FAILED: {
    message: 'channel "{channel}" could not deliver alert {alertId}: {reason}',
    hint: 'it is retried with backoff; see GET /api/alerts/deliveries?status=failed for the ones given up',
    fix: 'The receiver refused the message or could not be reached. Pending deliveries are retried with exponential backoff up to `delivery.maxAttempts`; then they are marked failed and stay visible in `GET /api/alerts/deliveries`. Check the URL, the credentials and the receiver.',
    exit: 1,
    retry: 'retryable',
  },
  TW_NOTIFY_ALERT_NOT_FOUND: {
    message: 'no alert {id}',
    hint: 'list alerts (with their ids) with GET /api/alerts',
    fix: 'Alert ids are whole numbers given when the alert is stored; `GET /api/alerts` shows them.',
    exit: 2,
    status: 404,
  },
});
