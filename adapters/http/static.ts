/** Serves the visualizer (web/) and the one vendored module it needs (dagre, from node_modules). No build step. */
import type { FastifyInstance } from 'fastify';
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

function dagrePath(): string {
  const main = createRequire(import.meta.url).resolve('@dagrejs/dagre');
  return join(dirname(main), 'dagre.esm.js');
}

/** Every file of web/, public (no token: the shell holds no data and asks for one; the Host check still applies) (top level only: the list is fixed when the app is built, so no path from a URL reaches the disk). */
export function staticRoutes(app: FastifyInstance, webDir = WEB_DIR): void {
  const files = new Map<string, string>();
  for (const name of readdirSync(webDir)) if (TYPES[extname(name)]) files.set(`/${name}`, join(webDir, name));
  files.set('/', join(webDir, 'index.html'));
  files.set('/vendor/dagre.esm.js', dagrePath());
  for (const [url, path] of files) {
    app.get(url, { config: { rateLimit: false, public: true } }, async (_req, reply) => {
      const body = await readFile(path);
      return reply.type(TYPES[extname(path)] ?? 'application/octet-stream').header('cache-control', 'no-cache').send(body);
    });
  }
}
