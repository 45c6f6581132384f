/**
 * The routes an app serves, recorded as they are added (onRoute), with who may call them. Tests walk this table, so
 * a new route is attacked (encoded paths, dot segments, absolute-form, no token) without anyone listing it.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';

export interface RouteEntry {
  method: string;
  /** The route's own URL as declared, e.g. `/api/positions/:id`. */
  url: string;
  /** Declared `config: { public: true }`: served without a token even on a non-loopback bind (the page shell). */
  public: boolean;
}

const tables = new WeakMap<FastifyInstance, RouteEntry[]>();

/** Starts recording; call before any route is added. */
export function trackRoutes(app: FastifyInstance): void {
  const table: RouteEntry[] = [];
  tables.set(app, table);
  app.addHook('onRoute', (r: RouteOptions) => {
    const isPublic = (r.config as { public?: boolean } | undefined)?.public === true;
    for (const method of [r.method].flat()) table.push({ method, url: r.url, public: isPublic });
  });
}

/** Every route of an app built by buildApi (HEAD twins of GET routes included). */
export function routeTable(app: FastifyInstance): readonly RouteEntry[] {
  return tables.get(app) ?? [];
}
