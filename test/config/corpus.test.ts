import { describe, expect, it } from 'vitest';
import { loadConfigFromFiles, formatFinding } from '../../engine/config/index.ts';
import { baseFiles } from './helpers.ts';
import { CASES } from './corpus-cases.ts';

describe('the malformed configuration corpus', () => {
  it('holds at least 40 cases with distinct names', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it('starts from a base configuration that is valid', () => {
    const { config, findings } = loadConfigFromFiles(baseFiles());
    expect(findings.map(formatFinding)).toEqual([]);
    expect(config).not.toBeNull();
  });

  for (const c of CASES) {
    it(`reports ${c.code} at ${c.file}:${c.at[0]}:${c.at[1]} for ${c.name}`, () => {
      const { config, findings } = loadConfigFromFiles(c.files(baseFiles()));
      const hit = findings.find((f) => f.code === c.code);
      expect(hit, findings.map(formatFinding).join('\n')).toBeDefined();
      expect(`${hit!.file}:${hit!.line}:${hit!.col}`, findings.map(formatFinding).join('\n')).toBe(`${c.file}:${c.at[0]}:${c.at[1]}`);
      expect(hit!.severity).toBe(c.severity ?? 'error');
      expect(hit!.message.length).toBeGreaterThan(10);
      expect(hit!.hint.length).toBeGreaterThan(5);
      if ((c.severity ?? 'error') === 'error') expect(config).toBeNull();
      else expect(config).not.toBeNull();
    });
  }
});
