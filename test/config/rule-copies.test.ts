/**
 * The SPX replay scenario (scenarios/replay/spx-config) and the backtest example (examples/backtest-spx) manage their
 * positions with the shipped rules: their rules/ folders are copies of rules/, kept equal but for the editor's
 * schema path, so a change to a shipped rule is tested on recorded data too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../kernel/helpers.ts';

const shipped = readdirSync(join(repoRoot, 'rules')).filter((f) => f.endsWith('.yaml')).sort();
const withoutSchemaLine = (text: string) => text.replace(/^# yaml-language-server: \$schema=.*\n/, '');

describe('copies of the shipped rules', () => {
  for (const dir of ['scenarios/replay/spx-config', 'examples/backtest-spx']) {
    it(`${dir}/rules holds the shipped rules, file for file`, () => {
      const copies = readdirSync(join(repoRoot, dir, 'rules')).filter((f) => f.endsWith('.yaml')).sort();
      expect(copies).toEqual(shipped);
      for (const f of shipped) {
        expect(withoutSchemaLine(readFileSync(join(repoRoot, dir, 'rules', f), 'utf8')), `${dir}/rules/${f}`).toBe(withoutSchemaLine(readFileSync(join(repoRoot, 'rules', f), 'utf8')));
      }
    });
  }
});
