/**
 * Keep it found: hot reload and `start` must never disagree on whether a configuration is valid (a reload used to
 * accept a 500-deep condition tree that `start` refused, so a restart left open positions unmanaged). Reload runs
 * through the real reloader against a real kernel; start runs what bin/commands/start.ts runs (loadConfigDir, then
 * the underlyings against the simulated market). Over the malformed corpus and over random mutations of the
 * shipped configuration text (fast-check, seeded and bounded).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkUnderlyings, feedUnderlyingCheck, loadConfigDir, type ConfigFileText, type Finding, type LoadResult } from '../../engine/config/index.ts';
import { isTickwiseError, registry } from '../../engine/errors/index.ts';
import { createSimMarket } from '../../adapters/sim/index.ts';
import { CASES, flowAny } from '../config/corpus-cases.ts';
import { baseFiles, shippedFiles } from '../config/helpers.ts';
import { harness, type Harness } from './helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness({ watch: false });
});
afterAll(async () => h.close());

/** Replaces the harness folder's config files with `files`. */
function writeConfig(dir: string, files: readonly ConfigFileText[]): void {
  rmSync(join(dir, 'strategies.yaml'), { force: true });
  rmSync(join(dir, 'rules'), { recursive: true, force: true });
  mkdirSync(join(dir, 'rules'));
  for (const f of files) writeFileSync(join(dir, ...f.path.split('/')), f.text);
}

/** What `tickwise start` decides: the config it would run, or its findings (a folder problem is its exit-2 error). */
async function startDecides(dir: string): Promise<LoadResult> {
  try {
    return await checkUnderlyings(await loadConfigDir(dir), feedUnderlyingCheck(createSimMarket({ seed: 1 })));
  } catch (e) {
    if (!isTickwiseError(e)) throw e;
    return { config: null, findings: [] };
  }
}

async function agree(files: readonly ConfigFileText[]): Promise<Finding[]> {
  writeConfig(h.dir, files);
  const reload = await h.reloader.reloadNow({ reason: 'agreement test' });
  const start = await startDecides(h.dir);
  const reloadAccepts = !reload.errors?.length;
  expect(reloadAccepts, `reload ${reloadAccepts ? 'accepted' : 'refused'} what start ${start.config ? 'accepted' : 'refused'}`).toBe(start.config !== null);
  // Not only the verdict: the same errors, at the same places.
  expect(reload.errors ?? []).toEqual(start.findings.filter((f) => f.severity === 'error'));
  return start.findings;
}

function wellFormed(findings: readonly Finding[]): void {
  for (const f of findings) {
    expect(f.file.length).toBeGreaterThan(0);
    expect(Number.isInteger(f.line) && f.line >= 1, `${f.code} at line ${f.line}`).toBe(true);
    expect(Number.isInteger(f.col) && f.col >= 1, `${f.code} at col ${f.col}`).toBe(true);
    expect(registry[f.code as keyof typeof registry], f.code).toBeDefined();
    expect(f.hint.length).toBeGreaterThan(0);
    expect(f.message).not.toMatch(/call stack|\n\s+at |TypeError|undefined is not/);
  }
}

describe('reload and start agree on every configuration', () => {
  it('for every case of the malformed corpus', async () => {
    for (const c of CASES) {
      const findings = await agree(c.files(baseFiles()));
      wellFormed(findings);
      expect(findings.some((f) => f.code === c.code), c.name).toBe(true);
    }
  }, 60_000);

  it('for a strategy on an underlying the feed does not list', async () => {
    const files = shippedFiles().map((f) => (f.path === 'strategies.yaml' ? { ...f, text: f.text.replace('underlying: QQQ', 'underlying: SPYY') } : f));
    const findings = await agree(files);
    expect(findings.map((f) => f.code)).toEqual(['TW_CONFIG_UNKNOWN_UNDERLYING']);
  });

  it('for random mutations of the shipped configuration text, never throwing and always locating every finding', async () => {
    const shipped = shippedFiles();
    const pieces = [':', ' ', '-', '[', ']', '{', '}', '"', "'", '#', '\t', '&a', '*a', '<<: ', '\n', '0', '50', 'x', 'yes', ', ', '!!str '];
    const mutation: fc.Arbitrary<Mutation> = fc.oneof(
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), piece: fc.constantFrom(...pieces) }),
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
      fc.record({ kind: fc.constant('dropLine' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('copyLine' as const), at: fc.nat(), to: fc.nat() }),
      fc.record({ kind: fc.constant('indent' as const), at: fc.nat(), by: fc.constantFrom(-2, -1, 1, 2) }),
      fc.record({ kind: fc.constant('nest' as const), at: fc.nat(), depth: fc.constantFrom(31, 33, 60, 120, 600) }),
    );
    const codes = new Set<string>();
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 3 }), async (which, ms) => {
        const target = which % shipped.length;
        const files = shipped.map((f, i) => (i === target ? { ...f, text: ms.reduce(mutate, f.text) } : f));
        const findings = await agree(files);
        wellFormed(findings);
        for (const f of findings) if (f.severity === 'error') codes.add(f.code);
        if (!findings.some((f) => f.severity === 'error')) accepted++;
      }),
      { numRuns: 80, seed: 20261203, interruptAfterTimeLimit: 15_000 },
    );
    // The mutations reach every stage, and some leave the config valid (both sides of the agreement are exercised).
    expect(accepted).toBeGreaterThan(0);
    expect(codes.size).toBeGreaterThanOrEqual(5);
    expect([...codes]).toEqual(expect.arrayContaining(['TW_CONFIG_YAML_SYNTAX', 'TW_CONFIG_TOO_DEEP']));
  }, 30_000);
});

type Mutation =
  | { kind: 'insert'; at: number; piece: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'dropLine'; at: number }
  | { kind: 'copyLine'; at: number; to: number }
  | { kind: 'indent'; at: number; by: number }
  | { kind: 'nest'; at: number; depth: number };

function mutate(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const line = (n: number) => n % lines.length;
  switch (m.kind) {
    case 'insert': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.piece + text.slice(at);
    }
    case 'delete': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at + m.length);
    }
    case 'dropLine':
      lines.splice(line(m.at), 1);
      return lines.join('\n');
    case 'copyLine':
      lines.splice(line(m.to), 0, lines[line(m.at)]);
      return lines.join('\n');
    case 'indent': {
      const i = line(m.at);
      lines[i] = m.by > 0 ? ' '.repeat(m.by) + lines[i] : lines[i].replace(new RegExp(`^ {0,${-m.by}}`), '');
      return lines.join('\n');
    }
    case 'nest': {
      // Replaces the first `when:` at or after the chosen line by an `any` tree `depth` levels deep.
      const i = lines.findIndex((l, k) => k >= line(m.at) && /^\s*when:/.test(l));
      if (i < 0) return text;
      const indent = /^\s*/.exec(lines[i])![0].length;
      let end = i + 1;
      while (end < lines.length && (lines[end].trim() === '' || /^\s*/.exec(lines[end])![0].length > indent)) end++;
      lines.splice(i, end - i, `${' '.repeat(indent)}when: ${flowAny(m.depth)}`);
      return lines.join('\n');
    }
  }
}
