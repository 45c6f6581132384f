import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers.ts';

// Editors and other tools read schemas/*.json with validators stricter than ours: every schema must compile under
// ajv's strict mode (no union types, no `required` without its properties, no keyword without the type it needs).
const files = readdirSync(join(REPO, 'schemas')).filter((f) => f.endsWith('.json')).sort();

describe('the shipped JSON Schemas', () => {
  it('are all found', () => {
    expect(files).toEqual(expect.arrayContaining(['rules.schema.json', 'strategies.schema.json', 'scenario.schema.json']));
  });

  for (const file of files) {
    it(`compile ${file} under new Ajv2020({ strict: true })`, () => {
      const schema = JSON.parse(readFileSync(join(REPO, 'schemas', file), 'utf8')) as Record<string, unknown>;
      expect(() => new Ajv2020({ strict: true }).compile(schema)).not.toThrow();
    });
  }
});
