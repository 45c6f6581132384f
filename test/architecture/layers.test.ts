/**
 * The house stays layered (docs/architecture.md § Layers and imports): each engine folder imports only the folders
 * the table allows, the catalogues import nothing of the engine, and no engine file imports an adapter or the CLI.
 * The imports are read from the source text, so a new import that breaks a layer fails here before review.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const ENGINE = join(ROOT, 'engine');

/** Which engine folders each engine folder may import (itself always). Keep in step with docs/architecture.md. */
const ALLOWED: Record<string, readonly string[]> = {
  domain: [],
  errors: [],
  catalogue: [],
  ports: ['domain'],
  pricing: ['domain', 'errors'],
  analytics: ['errors'],
  store: ['domain', 'errors'],
  config: ['catalogue', 'errors', 'expr', 'ports'],
  expr: ['catalogue', 'errors'],
  entry: ['catalogue', 'config', 'domain', 'errors', 'pricing'],
  facts: ['catalogue', 'config', 'domain', 'errors', 'pricing', 'store'],
  evaluate: ['catalogue', 'config', 'errors', 'expr'],
  risk: ['catalogue', 'config', 'domain', 'evaluate', 'facts'],
  lifecycle: ['domain', 'entry', 'errors'],
  reload: ['catalogue', 'config', 'errors', 'evaluate'],
  kernel: ['analytics', 'catalogue', 'config', 'domain', 'entry', 'errors', 'evaluate', 'expr', 'facts', 'lifecycle', 'ports', 'pricing', 'reload', 'risk', 'store'],
};

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Every relative module specifier a file imports or re-exports (static and dynamic). */
function specifiers(text: string): string[] {
  const re = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  const out: string[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[1] ?? m[2]);
  return out;
}

interface Edge { file: string; from: string; to: string }

function engineEdges(): Edge[] {
  const edges: Edge[] = [];
  for (const file of tsFiles(ENGINE)) {
    const from = relative(ENGINE, file).split(sep)[0];
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) continue;
      const target = relative(ROOT, join(file, '..', spec)).split(sep);
      edges.push({ file: relative(ROOT, file), from, to: target[0] === 'engine' ? target[1] : target[0] });
    }
  }
  return edges;
}

describe('the layers of the engine', () => {
  const edges = engineEdges();

  it('reads a real import graph (every engine folder is in the table)', () => {
    const folders = readdirSync(ENGINE).filter((n) => statSync(join(ENGINE, n)).isDirectory());
    expect(folders.filter((f) => !(f in ALLOWED))).toEqual([]);
    expect(folders.length).toBeGreaterThan(10);
    expect(edges.filter((e) => e.from === 'kernel' && e.to === 'evaluate').length).toBeGreaterThan(0);
  });

  it('imports only the folders the table allows', () => {
    const bad = edges.filter((e) => e.from !== e.to && e.to in ALLOWED && !ALLOWED[e.from]?.includes(e.to));
    expect(bad.map((e) => `${e.file} imports engine/${e.to}`)).toEqual([]);
  });

  it('never imports an adapter, the CLI, the web page or a test from the engine', () => {
    const out = edges.filter((e) => ['adapters', 'bin', 'web', 'test', 'scripts'].includes(e.to));
    expect(out.map((e) => `${e.file} imports ${e.to}/`)).toEqual([]);
  });

  it('keeps the catalogues free of the engine: they import only each other', () => {
    const bad = edges.filter((e) => e.from === 'catalogue' && e.to !== 'catalogue');
    expect(bad.map((e) => `${e.file} imports ${e.to}`)).toEqual([]);
  });
});
