/**
 * The Host check against DNS rebinding: a hostile page whose name is re-pointed at 127.0.0.1 reaches this server
 * with its own name in `Host:`. Only loopback names, the bound host and the `--allowed-host` names are answered;
 * everything else gets 421 before any route (API or static page) runs. See docs/security.md.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { twError } from '../../engine/errors/index.ts';
import { sendError } from './errors.ts';

/** A host name and, when given, its port (`null` = any port). Names are lower-case; IPv6 stays bracketed. */
export interface HostPattern {
  name: string;
  port: number | null;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const HOST_RE = /^(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?)(?::(\d{1,5}))?$/;

/** `name`, `name:port`, `[v6]`, `[v6]:port` → pattern; null when it is not a host (URL, wildcard, junk, bad port). */
export function parseHost(value: string): HostPattern | null {
  const v = value.trim().toLowerCase();
  const m = HOST_RE.exec(v);
  if (!m) return null;
  const port = m[2] === undefined ? null : Number(m[2]);
  if (port !== null && port > 65535) return null;
  return { name: m[1], port };
}

/** A bare IPv6 address as `--host` (`::1`, `::`) is written bracketed in a Host header. */
function bindName(host: string): string {
  const h = host.trim().toLowerCase();
  return h.includes(':') && !h.startsWith('[') ? `[${h}]` : h;
}

/** Parses the `--allowed-host` values (each may be comma-separated); throws TW_HTTP_ALLOWED_HOST_INVALID. */
export function parseAllowedHosts(values: readonly string[]): HostPattern[] {
  const out: HostPattern[] = [];
  for (const raw of values.flatMap((v) => v.split(','))) {
    if (raw.trim() === '') continue;
    const p = parseHost(raw);
    if (!p) throw twError('TW_HTTP_ALLOWED_HOST_INVALID', { value: raw.trim(), reason: 'expected a host name or IP address, optionally with :port' });
    out.push(p);
  }
  return out;
}

/** The names this server answers to: loopback (any port), the bound host (any port), and the allowed list. */
export function hostPatterns(bindHost: string, allowed: readonly string[] = []): HostPattern[] {
  const base = [...LOOPBACK_NAMES, bindName(bindHost)].map((name) => ({ name, port: null }));
  return [...base, ...parseAllowedHosts(allowed)];
}

export function hostAllowed(header: string | undefined, patterns: readonly HostPattern[]): boolean {
  if (header === undefined) return false;
  const h = parseHost(header);
  if (!h) return false;
  return patterns.some((p) => p.name === h.name && (p.port === null || p.port === h.port));
}

/** The authority of an absolute-form request target (`GET http://x/api HTTP/1.1`), or null for origin-form. */
export function absoluteAuthority(url: string): string | null {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(url);
  return m ? m[1].replace(/^[^@]*@/, '') : null;
}

/** A Host value short and printable enough to echo in an error message. */
const shown = (v: string | undefined) => (v === undefined ? '(none)' : JSON.stringify(v.length > 100 ? `${v.slice(0, 100)}…` : v));

/** The Host value (or absolute-form authority) this request is refused for, or null when it may proceed. */
function refusedHost(req: FastifyRequest, patterns: readonly HostPattern[]): { value: string | undefined } | null {
  const host = req.headers.host;
  if (!hostAllowed(host, patterns)) return { value: host };
  const authority = absoluteAuthority(req.raw.url ?? '');
  if (authority !== null && !hostAllowed(authority, patterns)) return { value: authority };
  return null;
}

/** First onRequest hook: answers 421 TW_HTTP_HOST_NOT_ALLOWED for a Host (or absolute-form authority) not allowed. */
export function installHostCheck(app: FastifyInstance, patterns: readonly HostPattern[]): void {
  app.addHook('onRequest', async (req, reply) => {
    const refused = refusedHost(req, patterns);
    if (refused) return sendError(reply, 'TW_HTTP_HOST_NOT_ALLOWED', { host: shown(refused.value) });
  });
}
