import { defineErrors } from '../define.ts';

/** Codes for the HTTP API (adapters/http). Prefix: TW_HTTP_. */
export const httpErrors = defineErrors({
  TW_HTTP_UNAUTHORIZED: {
    message: 'this route needs `Authorization: Bearer <token>`; the request had {found}',
    hint: 'send the API token (TICKWISE_API_TOKEN, or the file whose path `tickwise start` printed) as a bearer token',
    fix: 'Every route that changes something (and, when the server listens on a non-loopback address, every API route) requires the API token. Send it as `Authorization: Bearer <token>`. The token comes from the environment variable TICKWISE_API_TOKEN or is generated at first start into `<data folder>/api-token` (mode 0600); `tickwise start` prints the file path, never the token.',
    exit: 2,
    status: 401,
  },
  TW_HTTP_RATE_LIMITED: {
    message: 'too many requests: at most {max} per {window}; retry in {after}',
    hint: 'wait for the time in the retry-after header, then retry',
    fix: 'The API limits how many requests one client may send per time window, so a runaway script cannot starve the engine. Slow the client down, or use the live stream (`GET /api/stream`) instead of polling.',
    exit: 1,
    status: 429,
  },
  TW_HTTP_INVALID_REQUEST: {
    message: 'invalid request: {detail}',
    hint: 'check the route in docs/api.md (or /api/openapi.json) for the parameters and body it accepts',
    fix: 'Every route validates its path parameters, query string and JSON body against a schema (published in `/api/openapi.json`). Unknown fields are rejected, not ignored. Correct the request and send it again.',
    exit: 2,
    status: 400,
  },
  TW_HTTP_NOT_FOUND: {
    message: 'no route {method} {url}',
    hint: 'see docs/api.md or /api/openapi.json for the routes',
    fix: 'The API lives under `/api/`; the visualizer is served at `/`. Check the method and the path.',
    exit: 2,
    status: 404,
  },
  TW_HTTP_POSITION_NOT_FOUND: {
    message: 'no position "{id}"',
    hint: 'list positions with GET /api/positions',
    fix: 'Position ids look like `spy-iron-condor-12`. `GET /api/positions` lists every position the store knows, open and closed.',
    exit: 2,
    status: 404,
  },
  TW_HTTP_POSITION_NOT_LIVE: {
    message: 'position "{id}" is {state}: it no longer takes commands',
    hint: 'commands apply to open positions only; list them with GET /api/positions?state=managed',
    fix: 'close, roll, hold and release act on positions the engine is still managing. A closed position has no actor any more.',
    exit: 2,
    status: 409,
  },
  TW_HTTP_NO_RELOADER: {
    message: 'config reload is not available in this process',
    hint: 'start the engine with `tickwise start`, which watches the config folder, or restart it to load a new config',
    fix: 'The reload endpoint asks the running hot-reloader to read the config folder again. This server was built without one (for example in a test or an embedded run), so there is nothing to reload.',
    exit: 1,
    status: 503,
  },
  TW_HTTP_RELOAD_FAILED: {
    message: 'the config reload was not applied: {detail}',
    hint: 'fix the findings listed in `outcome.errors`, or repeat with {"force": true} if it was refused for closing too many positions',
    fix: 'A reload reads the config folder, validates it, compares it with the running version and evaluates it in shadow. It is refused when the files do not validate or when the new version would close more positions at once than `settings.reload.maxClosesWithoutForce`. The running version stays in force.',
    exit: 1,
    status: 422,
  },
  TW_HTTP_TOKEN_REQUIRED: {
    message: 'refusing to listen on {host} without an API token',
    hint: 'set TICKWISE_API_TOKEN (at least {min} characters) or bind to 127.0.0.1',
    fix: 'Binding to an address other than loopback exposes the API to the network, so every route then requires the bearer token, and the server will not start without a token of at least 16 characters.',
    exit: 2,
  },
  TW_HTTP_TOKEN_FILE: {
    message: 'cannot read or create the API token file {path}: {reason}',
    hint: 'check the data folder\'s permissions, or set TICKWISE_API_TOKEN',
    fix: 'Without TICKWISE_API_TOKEN, tickwise generates a random token into `<data folder>/api-token` with mode 0600 at first start and reuses it afterwards. The folder must be writable by the user running tickwise.',
    exit: 2,
  },
  TW_HTTP_INTERNAL: {
    message: 'internal error while answering {method} {url}',
    hint: 'this is a bug: the details are in the log (data/tickwise.log)',
    fix: 'The API never shows stack traces; the error and its cause chain are logged. Please report it with the log lines.',
    exit: 1,
    status: 500,
  },
});
