import type { Kernel } from '../../engine/kernel/index.ts';

/** The hot-reloader as the API sees it (engine/reload's runtime, wired by `tickwise start`). */
export interface ApiReloader {
  reloadNow(opts?: { force?: boolean; reason?: string }): Promise<unknown>;
  status(): unknown;
}

export interface ApiLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
  child(bindings: object): ApiLogger;
}

/** What every route module gets. */
export interface ApiContext {
  kernel: Kernel;
  reloader: ApiReloader | null;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Served without the token even on a non-loopback bind (security.ts): the static page shell, and `/metrics` with `--metrics-public`. */
    public?: boolean;
  }
  interface FastifySchema {
    /** One line for docs and /api/openapi.json. */
    summary?: string;
    /** The OpenAPI operationId (default: method + path words, openapi.ts `operationId`). */
    operationId?: string;
  }
}
