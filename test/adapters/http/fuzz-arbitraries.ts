/**
 * fast-check arbitraries for HTTP requests aimed at a tickwise app: paths built from the app's own route segments
 * with percent-encodings, dot segments, doubled slashes and junk; methods; Host / Authorization / content-type
 * variants; bodies of wrong types, huge, deeply nested or not JSON at all.
 */
import fc from 'fast-check';
import type { RouteEntry } from '../../../adapters/http/index.ts';

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload: string | undefined;
  /** The request carries the valid token in a well-formed `Authorization: Bearer` header. */
  validToken: boolean;
}

type Op =
  | { op: 'encode'; at: number; upper: boolean }
  | { op: 'insert'; at: number; seg: string }
  | { op: 'trailing' };

const hex = (c: string, upper: boolean) => {
  const h = c.charCodeAt(0).toString(16).padStart(2, '0');
  return `%${upper ? h.toUpperCase() : h}`;
};

function applyOps(segments: string[], ops: Op[]): string {
  const segs = [...segments];
  let trailing = false;
  for (const o of ops) {
    if (o.op === 'trailing') trailing = true;
    else if (o.op === 'insert') segs.splice(o.at % (segs.length + 1), 0, o.seg);
    else {
      const i = o.at % Math.max(segs.length, 1);
      const s = segs[i] ?? '';
      // Encode one plain ASCII letter or digit (never break an existing %XX).
      const j = [...s].findIndex((c, k) => /[a-z0-9]/i.test(c) && k >= (o.at >> 3) % Math.max(s.length, 1) && s[k - 1] !== '%' && s[k - 2] !== '%');
      if (j >= 0) segs[i] = s.slice(0, j) + hex(s[j], o.upper) + s.slice(j + 1);
    }
  }
  return `/${segs.join('/')}${trailing ? '/' : ''}`;
}

export function requestArbitrary(routes: readonly RouteEntry[], opts: { token: string; realIds: string[] }) {
  const realSegments = [...new Set(routes.flatMap((r) => r.url.split('/').filter((s) => s && !s.startsWith(':'))))];
  const id = fc.oneof(
    fc.constantFrom(...opts.realIds),
    fc.string({ maxLength: 30 }).map(encodeURIComponent),
    fc.constantFrom('x'.repeat(201), 'y'.repeat(10_000), '%2e%2e', '..', '%00', '%zz', '%E2%82', '__proto__'),
  );
  const op: fc.Arbitrary<Op> = fc.oneof(
    { arbitrary: fc.record({ op: fc.constant('encode' as const), at: fc.nat(), upper: fc.boolean() }), weight: 4 },
    fc.record({ op: fc.constant('insert' as const), at: fc.nat(), seg: fc.constantFrom('', '.', '..', '%2e', '%2E%2E', '%2F', ...realSegments) }),
    fc.constant({ op: 'trailing' as const }),
  );
  const queryValue = fc.oneof(fc.string({ maxLength: 20 }), fc.integer().map(String), fc.constantFrom('true', '-1', '1e309', '9'.repeat(400), 'tick,alert', 'managed'));
  const query = fc.dictionary(fc.constantFrom('limit', 'offset', 'state', 'open', 'types', 'points', 'from', 'to', 'position', 'x', '__proto__'), queryValue, { maxKeys: 3 })
    .map((q) => Object.entries(q).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&'));
  const path = fc.record({ route: fc.constantFrom(...routes), id, ops: fc.array(op, { maxLength: 3 }), query: fc.option(query, { nil: undefined }) })
    .map(({ route, id: theId, ops, query: q }) => {
      const segs = route.url.split('/').filter(Boolean).map((s) => (s.startsWith(':') ? theId : s));
      return { route, url: `${applyOps(segs, ops)}${q ? `?${q}` : ''}` };
    });

  const good = `Bearer ${opts.token}`;
  const authorization = fc.option(fc.oneof(
    { arbitrary: fc.constant(good), weight: 3 },
    fc.constantFrom(`bearer ${opts.token}`, `Bearer ${opts.token} extra`, `Bearer  ${opts.token.slice(1)}`, 'Bearer wrong-wrong-wrong-wrong', `Basic ${Buffer.from(`u:${opts.token}`).toString('base64')}`, opts.token, 'Bearer', ''),
    fc.string({ maxLength: 40 }).map((s) => `Bearer ${s}`),
  ), { nil: undefined });
  const host = fc.oneof(
    { arbitrary: fc.constantFrom('localhost', '127.0.0.1:7300', '[::1]:7300', 'localhost:80'), weight: 8 },
    fc.constantFrom('attacker.example', 'localhost.attacker.example', '127.0.0.1.nip.io', 'LOCALHOST', 'localhost:'),
    fc.string({ maxLength: 20 }).filter((s) => /^[\x21-\x7e]*$/.test(s) && s.length > 0),
  );
  const contentType = fc.option(fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'APPLICATION/JSON'), { nil: undefined });

  const anyField = fc.oneof(fc.boolean(), fc.string({ maxLength: 600 }), fc.integer(), fc.double(), fc.constant(null), fc.constantFrom('ACTIVE', 'HALTED', 'REDUCING', 'true', 'false', 'limit', 'marketable'), fc.jsonValue({ maxDepth: 2 }));
  const known = fc.record({ force: anyField, state: anyField, reason: anyField, flatten: anyField, orderStyle: anyField }, { requiredKeys: [] });
  const payload = fc.option(fc.oneof(
    known.map((b) => JSON.stringify(b)),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc.constant(JSON.stringify({ reason: 'x'.repeat(70_000) })),
    fc.integer({ min: 1, max: 5000 }).map((n) => `{"reason":${'['.repeat(n)}${']'.repeat(n)}}`),
    fc.string({ maxLength: 60 }),
    fc.constantFrom('{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"x":1}}}', '{', 'null', '[]', '"ACTIVE"'),
  ), { nil: undefined });

  const method = fc.oneof(fc.constantFrom('GET', 'POST'), fc.constantFrom('HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'));

  return fc.record({ path, method: fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: method, weight: 1 }), authorization, host, contentType, payload })
    .map(({ path: p, method: m, authorization: a, host: h, contentType: ct, payload: body }): FuzzRequest => {
      const headers: Record<string, string> = { host: h };
      if (a !== undefined) headers.authorization = a;
      if (ct !== undefined) headers['content-type'] = ct;
      return { method: m ?? p.route.method, url: p.url, headers, payload: body, validToken: carriesToken(a, opts.token) };
    });
}

/** RFC 7235: the auth scheme is case-insensitive (`bearer x` is as good as `Bearer x`); the token itself is exact. */
function carriesToken(header: string | undefined, token: string): boolean {
  const m = header === undefined ? null : /^bearer\s+(\S+)\s*$/i.exec(header);
  return m !== null && m[1] === token;
}
