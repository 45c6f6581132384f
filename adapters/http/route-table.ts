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
  /** `schema.summary`, shown in docs/api.md's route list and the OpenAPI document. */
  summary: string;
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Who may call a route: mutating routes always need the token, reads on a non-loopback bind, public routes never. */
export function tokenNeeded(r: RouteEntry): 'always' | 'off loopback' | 'never' {
  return r.public ? 'never' : MUTATING.has(r.method) ? 'always' : 'off loopback';
}

const tables = new WeakMap<FastifyInstance, RouteEntry[]>();

/** Starts recording; call before any route is added. */
export function trackRoutes(app: FastifyInstance): void {
  const table: RouteEntry[] = [];
  tables.set(app, table);
  app.addHook('onRoute', (r: RouteOptions) => {
    const isPublic = (r.config as { public?: boolean } | undefined)?.public === true;
    const summary = String((r.schema as { summary?: unknown } | undefined)?.summary ?? '');
    for (const method of [r.method].flat()) table.push({ method, url: r.url, public: isPublic, summary });
  });
}

/** Every route of an app built by buildApi (HEAD twins of GET routes included). */
export function routeTable(app: FastifyInstance): readonly RouteEntry[] {
  return tables.get(app) ?? [];
}

export const ROUTES_START = '<!-- generated:routes:start (npm run gen:docs) -->';
export const ROUTES_END = '<!-- generated:routes:end -->';

/** The route list of docs/api.md: every /api route of the app and `/metrics` (HEAD twins left out), from the table. */
export function renderRouteList(app: FastifyInstance): string {
  const rows = routeTable(app).filter((r) => r.method !== 'HEAD' && (r.url.startsWith('/api/') || r.url === '/metrics'))
    .map((r) => `| \`${r.method} ${r.url}\` | ${tokenNeeded(r)} | ${r.summary.replace(/\|/g, '\\|')} |`);
  return ['| route | token | what it does |', '|---|---|---|', ...rows].join('\n');
}

/** docs/api.md with the route list between its markers replaced. */
export function withRouteList(doc: string, app: FastifyInstance): string {
  const start = doc.indexOf(ROUTES_START);
  const end = doc.indexOf(ROUTES_END);
  if (start < 0 || end < start) throw new Error(`docs/api.md lacks the ${ROUTES_START} … ${ROUTES_END} markers`);
  return `${doc.slice(0, start + ROUTES_START.length)}\n\n${renderRouteList(app)}\n\n${doc.slice(end)}`;
}
