import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { factsSchema } from '../../engine/config/index.ts';
import { UNITS } from '../../engine/catalogue/index.ts';
import { REPO } from './helpers.ts';

type Schema = Record<string, unknown>;

describe('the facts.yaml schema', () => {
  const schema = factsSchema();

  it('has an $id, closed objects and a description on every property', () => {
    expect(schema.$id).toBe('https://tickwise.dev/schemas/facts.schema.json');
    const fact = (schema.$defs as Record<string, Schema>).fact;
    expect(fact.additionalProperties).toBe(false);
    expect(schema.additionalProperties).toBe(false);
    for (const p of Object.values({ ...(schema.properties as Record<string, Schema>), ...(fact.properties as Record<string, Schema>) })) expect(typeof p.description).toBe('string');
  });

  it('takes its unit enum from the catalogue', () => {
    const fact = (schema.$defs as Record<string, { properties: Record<string, Schema> }>).fact;
    expect(fact.properties.unit.enum).toEqual(Object.keys(UNITS));
  });

  it('accepts the shipped example facts.yaml and refuses an onZero other than null', () => {
    const validate = new Ajv2020({ strict: true, strictTypes: false }).compile(schema);
    const example = parse(readFileSync(join(REPO, 'scenarios', 'derived-facts', 'config', 'facts.yaml'), 'utf8'));
    expect(validate(example)).toBe(true);
    expect(validate({ facts: [{ ...example.facts[0], onZero: 0 }] })).toBe(false);
  });
});
