/**
 * Derived facts in the editor schemas: the shipped schemas know the repository's facts.yaml, `validate
 * --editor-schemas` writes schemas that know any folder's, and validation itself never widens to them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { editorFactsOf, editorSchemas, rulesSchema } from '../../engine/config/index.ts';
import { REPO } from './helpers.ts';

const leafFacts = (schema: Record<string, unknown>) =>
  ((schema.$defs as Record<string, { properties: { fact: { enum: string[] } } }>).leaf.properties.fact.enum);

describe('derived facts in the editor schemas', () => {
  it('lists the repository facts.yaml names in schemas/rules.schema.json, and only there, not in the validation schema', () => {
    const names = editorFactsOf(readFileSync(join(REPO, 'facts.yaml'), 'utf8')).map((f) => f.name);
    expect(names).toContain('extrinsicShare');
    const shipped = JSON.parse(readFileSync(join(REPO, 'schemas', 'rules.schema.json'), 'utf8'));
    for (const n of names) expect(leafFacts(shipped)).toContain(n);
    for (const n of names) expect(leafFacts(rulesSchema())).not.toContain(n);
  });

  it('reads names leniently from a broken facts.yaml and never invents one', () => {
    expect(editorFactsOf('facts: [ { name: good, unit: ratio }, { name: 1bad }, { unit: ratio }, { name: good } ]')).toEqual([{ name: 'good', unit: 'ratio' }]);
    expect(editorFactsOf('facts: : :')).toEqual([]);
    expect(editorFactsOf('')).toEqual([]);
  });

  it('gives a fraction derived fact the same percent hint as a catalogue fraction', () => {
    const s = editorSchemas([{ name: 'myShare', unit: 'fraction' }])['rules.schema.json'];
    expect(JSON.stringify((s.$defs as Record<string, unknown>).leaf)).toContain('"myShare"');
  });

  it('writes editor schemas that know a config folder\'s derived facts with validate --editor-schemas', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tickwise-editor-')), 'schemas');
    const r = spawnSync(process.execPath, ['bin/tickwise.js', 'validate', '--config', join(REPO, 'scenarios', 'derived-facts', 'config'), '--editor-schemas', out], { cwd: REPO, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`wrote editor schemas to ${out}`);
    const rules = JSON.parse(readFileSync(join(out, 'rules.schema.json'), 'utf8'));
    expect(leafFacts(rules)).toEqual(expect.arrayContaining(['premiumLeftShare', 'distanceToShortPoints', 'pnl']));
    const strategies = JSON.parse(readFileSync(join(out, 'strategies.schema.json'), 'utf8'));
    expect(leafFacts(strategies)).toContain('premiumLeftShare');
  });
});
