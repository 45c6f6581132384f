import type { FastifyInstance } from 'fastify';
import type pino from 'pino';
import { buildApi, resolveApiToken, type MetricsOptions } from '../../adapters/http/index.ts';
import type { Kernel } from '../../engine/kernel/index.ts';
import type { Reloader } from './reload.ts';
import { twError } from '../../engine/errors/index.ts';

export interface ApiWiring {
  kernel: Kernel;
  reloader: Reloader | null;
  host: string;
  /** `--allowed-host` values: more names the Host header may carry (see docs/security.md). */
  allowedHosts?: readonly string[];
  port: number;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  log: pino.Logger;
  /** `GET /metrics`: `--metrics-public`, and the registry the wiring reports into (bin/wiring/metrics.ts). */
  metrics?: MetricsOptions;
}

/** Serves the HTTP API and the visualizer in the engine's process. Returns the app, its URL and where the token is. */
export async function serveApi(w: ApiWiring): Promise<{ app: FastifyInstance; url: string; tokenNote: string }> {
  const token = resolveApiToken({ env: w.env, dataDir: w.dataDir });
  const app = await buildApi({ kernel: w.kernel, reloader: w.reloader, token: token.token, host: w.host, allowedHosts: w.allowedHosts, log: w.log, metrics: w.metrics });
  let address: string;
  try {
    address = await app.listen({ host: w.host, port: w.port });
  } catch (e) {
    await app.close();
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') throw twError('TW_CLI_PORT_IN_USE', { host: w.host, port: w.port, reason: code }, { cause: e });
    throw e;
  }
  const url = address.replace('://[::1]', '://localhost');
  const tokenNote = token.path ? `API token in ${token.path}${token.generated ? ' (generated, mode 0600)' : ''}` : 'API token from TICKWISE_API_TOKEN';
  return { app, url, tokenNote };
}
