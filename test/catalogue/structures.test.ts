import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderStructuresDoc, STRUCTURE_LIST } from '../../engine/catalogue/index.ts';

const source = (name: string) => readFileSync(new URL(`../../engine/catalogue/${name}`, import.meta.url), 'utf8');

describe('the structure catalogue module', () => {
  it('imports nothing of the engine: only its own folder', () => {
    for (const file of ['structures.ts', 'structure-docs.ts']) {
      const specifiers = [...source(file).matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
      expect(specifiers.filter((s) => !s.startsWith('./')), file).toEqual([]);
    }
  });

  it('renders one table row per structure, with its legs per unit and their ratios', () => {
    const doc = renderStructuresDoc();
    for (const t of STRUCTURE_LIST) {
      const row = doc.split('\n').find((l) => l.startsWith(`| \`${t.name}\` |`));
      expect(row, t.name).toBeDefined();
      for (const l of t.legs) expect(row).toContain(`${l.side} ${l.ratio} ${l.right}`);
    }
  });
});
