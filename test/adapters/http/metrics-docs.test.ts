import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { createAppMetrics } from '../../../adapters/http/index.ts';
import { parsePrometheus, type Family } from './metrics-parse.ts';

const read = (p: string) => readFileSync(new URL(`../../../docs/${p}`, import.meta.url), 'utf8');
const SUFFIXES: Record<string, string[]> = { histogram: ['_bucket', '_sum', '_count'], summary: ['_sum', '_count'] };

async function served(): Promise<Map<string, Family>> {
  return parsePrometheus(await createAppMetrics().registry.metrics());
}

/** Every name a scrape can hold: the families and their histogram series. */
function seriesNames(families: Map<string, Family>): Set<string> {
  return new Set([...families.values()].flatMap((f) => [f.name, ...(SUFFIXES[f.type] ?? []).map((s) => f.name + s)]));
}

async function ownFamilies(): Promise<Map<string, Family>> {
  const defaults = new Registry();
  collectDefaultMetrics({ register: defaults, prefix: 'tickwise_' });
  const theirs = new Set(parsePrometheus(await defaults.metrics()).keys());
  return new Map([...(await served())].filter(([name]) => !theirs.has(name)));
}

/** Every PromQL expression of the dashboard, wherever it sits, and its query variables' queries. */
function dashboardQueries(): string[] {
  const out: string[] = [];
  const walk = (v: unknown, key = ''): void => {
    if (typeof v === 'string' && key === 'expr') out.push(v);
    else if (Array.isArray(v)) v.forEach((x) => walk(x));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  const dash = JSON.parse(read('grafana-dashboard.json'));
  walk(dash.panels);
  for (const v of dash.templating.list as { type: string; query: string }[]) if (v.type === 'query') out.push(v.query);
  return out;
}

const metricNames = (text: string) => [...text.matchAll(/\btickwise_[a-zA-Z0-9_]+/g)].map((m) => m[0]);

describe('the Grafana dashboard', () => {
  it('is a dashboard whose panels all query Prometheus', () => {
    const dash = JSON.parse(read('grafana-dashboard.json'));
    expect(dash.title).toBe('tickwise');
    const panels = (dash.panels as { type: string; targets?: { expr: string }[] }[]).filter((p) => p.type !== 'row');
    expect(panels.length).toBeGreaterThan(10);
    for (const p of panels) expect(p.targets?.length, JSON.stringify(p).slice(0, 80)).toBeGreaterThan(0);
  });

  it('names in its expressions only metrics the registry serves', async () => {
    const names = seriesNames(await served());
    const queries = dashboardQueries();
    expect(queries.length).toBeGreaterThan(20);
    for (const q of queries) {
      const used = metricNames(q);
      expect(used.length, q).toBeGreaterThan(0);
      for (const n of used) expect(names.has(n), `${n} in ${q}`).toBe(true);
    }
  });

  it('shows every tickwise metric somewhere', async () => {
    const used = new Set(dashboardQueries().flatMap(metricNames).map((n) => n.replace(/_(bucket|sum|count)$/, '')));
    for (const name of (await ownFamilies()).keys()) expect(used.has(name), name).toBe(true);
  });
});

describe('docs/metrics.md', () => {
  it('documents every tickwise metric the registry serves, with its type and labels, and no other', async () => {
    const rows = [...read('metrics.md').matchAll(/^\| `(tickwise_\w+)` \| (\w+) \|([^|]*)\|/gm)]
      .map((m) => `${m[1]} ${m[2]} ${[...m[3].matchAll(/`(\w+)`/g)].map((l) => l[1]).join(',')}`);
    const registry = createAppMetrics().registry;
    const own = await ownFamilies();
    const expected = registry.getMetricsAsArray().filter((m) => own.has(m.name))
      .map((m) => `${m.name} ${own.get(m.name)!.type} ${((m as unknown as { labelNames: string[] }).labelNames ?? []).join(',')}`);
    expect(rows.sort()).toEqual(expected.sort());
  });

  it('names only metrics that exist, the process metrics included', async () => {
    const names = seriesNames(await served());
    for (const n of new Set(metricNames(read('metrics.md')))) expect(names.has(n), n).toBe(true);
  });
});
