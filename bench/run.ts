// Runs every bench/*.bench.ts (or those named on the command line), prints a table and writes bench/results.json.
// Usage: npm run bench [-- name ...]
import { readdirSync, writeFileSync } from 'node:fs';
import type { BenchEntry, Benchmark } from './types.ts';

const dir = new URL('.', import.meta.url);
const wanted = process.argv.slice(2);
const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort();
const results: BenchEntry[] = [];
for (const file of files) {
  const bench = (await import(new URL(file, dir).href)).default as Benchmark;
  if (wanted.length && !wanted.includes(bench.name)) continue;
  process.stderr.write(`bench: ${bench.name} …\n`);
  results.push(...(await bench.run()));
}
const fmt = (n: number | undefined) => (n === undefined ? '' : Number.isInteger(n) ? String(n) : n.toPrecision(4));
const rows = results.map((r) => [r.name, fmt(r.value), r.unit, fmt(r.baseline), r.ratio === undefined ? '' : `${fmt(r.ratio)}×`, r.note ?? '']);
const head = ['name', 'value', 'unit', 'baseline', 'ratio', 'note'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
for (const r of [head, ...rows]) console.log(r.map((c, i) => c.padEnd(widths[i])).join('  '));
writeFileSync(new URL('results.json', dir), JSON.stringify(results.map(({ note, ...r }) => r), null, 2) + '\n');
console.log('\nwrote bench/results.json');
