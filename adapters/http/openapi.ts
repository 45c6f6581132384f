/** The OpenAPI 3.1 document, written from the schemas the routes declare (collected as they are added). */
import type { FastifyInstance, RouteOptions } from 'fastify';

interface Collected {
  method: string;
  url: string;
  schema: Record<string, unknown>;
}

const toOpenApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

export function collectRoutes(app: FastifyInstance): Collected[] {
  const routes: Collected[] = [];
  app.addHook('onRoute', (r: RouteOptions) => {
    if (!r.url.startsWith('/api/') || !r.schema) return;
    for (const method of [r.method].flat()) {
      if (method === 'HEAD') continue;
      routes.push({ method: method.toLowerCase(), url: r.url, schema: r.schema as Record<string, unknown> });
    }
  });
  return routes;
}

function parameters(schema: Record<string, unknown>, key: 'params' | 'querystring', where: 'path' | 'query') {
  const s = schema[key] as { properties?: Record<string, unknown>; required?: string[] } | undefined;
  if (!s?.properties) return [];
  return Object.entries(s.properties).map(([name, p]) => ({
    name, in: where, required: where === 'path' || (s.required ?? []).includes(name), schema: p,
    ...(p && typeof p === 'object' && 'description' in p ? { description: (p as { description: string }).description } : {}),
  }));
}

const MUTATING = new Set(['post', 'put', 'patch', 'delete']);

export function openApiDocument(routes: Collected[], opts: { version: string; tokenEverywhere: boolean }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const s = r.schema;
    const responses: Record<string, unknown> = {};
    for (const [status, body] of Object.entries((s.response ?? {}) as Record<string, unknown>)) {
      const code = status.replace(/xx$/, 'XX');
      responses[code] = { description: code.startsWith('2') ? 'success' : 'error: { code, message, hint }', content: { 'application/json': { schema: body } } };
    }
    if (r.url === '/api/stream') responses['200'] = { description: 'an endless text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } };
    const secured = MUTATING.has(r.method) || opts.tokenEverywhere;
    paths[toOpenApiPath(r.url)] ??= {};
    paths[toOpenApiPath(r.url)][r.method] = {
      summary: s.summary,
      parameters: [...parameters(s, 'params', 'path'), ...parameters(s, 'querystring', 'query')],
      ...(s.body ? { requestBody: { required: false, content: { 'application/json': { schema: s.body } } } } : {}),
      responses,
      ...(secured ? { security: [{ bearer: [] }] } : {}),
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'tickwise API', version: opts.version, description: 'Watch and steer a running tickwise engine. See docs/api.md.' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}

export function openApiRoute(app: FastifyInstance, routes: Collected[], opts: { version: string; tokenEverywhere: boolean }): void {
  let doc: ReturnType<typeof openApiDocument> | null = null;
  app.get('/api/openapi.json', {
    schema: { summary: 'This OpenAPI document', response: { 200: { type: 'object', additionalProperties: true } } },
  }, async () => (doc ??= openApiDocument(routes, opts)));
}
