import { defineErrors } from '../define.ts';

/** Codes for the Interactive Brokers adapter (adapters/ib). Prefix: TW_IB_. */
export const ibErrors = defineErrors({
  TW_IB_LIVE_PORT_REFUSED: {
    message: 'port {port} is a live-trading port (TWS 7496, IB Gateway 4001); tickwise refuses it without --live',
    hint: 'Use the paper port (TWS 7497, IB Gateway 4002), or pass --live if you really mean to trade real money.',
    fix: 'tickwise connects to paper accounts by default. Point --ib-port at 7497 (TWS paper) or 4002 (Gateway paper). To trade a live account, pass --live (or `live: true` in the IB options) after testing the same configuration on paper.',
    exit: 2, retry: 'fatal',
  },
  TW_IB_BAD_OPTION: {
    message: 'IB option {option} is invalid: {problem}',
    hint: 'Check --ib-host, --ib-port and --client-id.',
    fix: 'host must be a host name or address, port an integer 1-65535, clientId an integer 0-2147483647, maxReqPerSec between 1 and 45.',
    exit: 2, retry: 'fatal',
  },
  TW_IB_CONNECT_FAILED: {
    message: 'could not connect to TWS / IB Gateway at {host}:{port}: {reason}',
    hint: 'Start TWS or IB Gateway, enable the API (Configure → API → Settings) and check the port.',
    fix: 'In TWS: Edit → Global Configuration → API → Settings: enable "ActiveX and Socket Clients", set the socket port (7497 paper), add 127.0.0.1 to the trusted IPs and untick "Read-Only API". See docs/ib.md.',
    exit: 1, retry: 'retryable',
  },
  TW_IB_CLIENT_ID_IN_USE: {
    message: 'client id {clientId} is already in use at {host}:{port} (IB code 326)',
    hint: 'Another program (or another tickwise) is connected with this client id: stop it or pass a different --client-id.',
    fix: 'Each API connection to one TWS / Gateway needs its own client id. tickwise backs off and retries while reconnecting; at start it stops with this error. Order ids are per client id, so keep the same id for the same tickwise instance.',
    exit: 1, retry: 'retryable',
  },
  TW_IB_NOT_CONNECTED: {
    message: 'not connected to TWS at {host}:{port}: {action} was not sent',
    hint: 'Wait for the connection to come back; tickwise reconnects on its own.',
    fix: 'Orders are handed to IB only while the API connection is up; the adapter queues nothing on a dead socket, so nothing can be sent twice. The kernel keeps the order (pending in the store, one critical alert) and places it once after the reconnect and its reconciliation; cancels and replaces its machines wait on are made again then.',
    exit: 1, retry: 'retryable',
  },
  TW_IB_NOT_RECONCILED: {
    message: 'IB orders are refused until reconciliation has succeeded ({state})',
    hint: 'tickwise reconciles with IB after every (re)connect; trading resumes when it is done.',
    fix: 'After a start or a reconnect the IB broker re-reads open orders, executions and positions and adopts known orders by orderRef before it accepts new orders; it reports the connection as connected only then, and the kernel places what it could not place in the meantime. If this persists, check the log for the reconciliation error (it is retried every 2 s).',
    exit: 1, retry: 'retryable',
  },
  TW_IB_REQUEST_TIMEOUT: {
    message: 'IB request {request} got no answer within {ms} ms',
    hint: 'TWS may be busy or disconnected; tickwise retries on the next occasion.',
    fix: 'Check that TWS / IB Gateway is responsive and logged in. The request timeout is configurable (requestTimeoutMs).',
    exit: 1, retry: 'retryable',
  },
  TW_IB_NO_SECURITY: {
    message: 'IB has no contract for {contract} (IB code {code}: {detail})',
    hint: 'Check the symbol, expiry, strike and trading class (e.g. SPXW for SPX weeklies).',
    fix: 'tickwise resolves every option to an IB conId with reqContractDetails before trading it. The contract must exist at IB and your account must be allowed to trade it.',
    exit: 1, retry: 'non-retryable',
  },
  TW_IB_AMBIGUOUS_CONTRACT: {
    message: 'IB returned {count} contracts for {contract}',
    hint: 'Give the trading class (root) of the option, e.g. SPXW.',
    fix: 'A contract must resolve to exactly one IB conId. Set `root` on the option contract to IB\'s trading class.',
    exit: 1, retry: 'non-retryable',
  },
  TW_IB_COMBO_RULE: {
    message: 'combo order {clientOrderId} breaks IB\'s combo rules: {problem}',
    hint: 'Send a net limit on the whole combo; per-leg prices only on 2-leg NonGuaranteed combos.',
    fix: 'IB combo (BAG) orders carry one net limit: positive for a debit, negative for a credit (always a BUY combo). Per-leg prices are allowed only on 2-leg NonGuaranteed combos; combos of 3 or more legs must be guaranteed and unpriced per leg.',
    exit: 2, retry: 'non-retryable',
  },
  TW_IB_UNKNOWN_ORDER: {
    message: 'no IB order is known for client order id {clientOrderId}',
    hint: 'The order was never placed through this broker, or it is already final.',
    fix: 'Cancel and replace act on orders placed or adopted (by orderRef) by this IB broker instance.',
    exit: 1, retry: 'non-retryable',
  },
});
