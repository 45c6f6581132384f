import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { generatedFiles } from '../../scripts/gen-schemas.ts';
import { rulesSchema, strategiesSchema } from '../../engine/config/index.ts';
import { FACTS, OPERATORS, UNITS } from '../../engine/catalogue/index.ts';
import { scenarioSchema } from '../../adapters/scenario/index.ts';
import { REPO } from './helpers.ts';

type Schema = Record<string, unknown>;

/** Calls `visit` on every subschema that declares properties, with the JSON path to it. */
function walk(s: unknown, path: string, visit: (s: Schema, path: string) => void): void {
  if (!s || typeof s !== 'object') return;
  const schema = s as Schema;
  if (schema.properties) visit(schema, path);
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'enum' || k === 'default') continue;
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}/${k}/${i}`, visit));
    else walk(v, `${path}/${k}`, visit);
  }
}

describe('the generated schemas and docs', () => {
  it('match what scripts/gen-schemas.ts generates (run it after changing the catalogue or the schemas)', () => {
    const doc = readFileSync(join(REPO, 'docs', 'configuration.md'), 'utf8');
    for (const [path, text] of Object.entries(generatedFiles(doc))) {
      expect(readFileSync(join(REPO, path), 'utf8'), `${path} is stale: run npx tsx scripts/gen-schemas.ts`).toBe(text);
    }
  });

  for (const [name, schema] of [['rules', rulesSchema()], ['strategies', strategiesSchema()]] as const) {
    it(`gives the ${name} schema an $id, closed objects and a description on every property`, () => {
      expect(schema.$id).toBe(`https://tickwise.dev/schemas/${name}.schema.json`);
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      const problems: string[] = [];
      walk(schema, '#', (s, path) => {
        // `if` tests and editor-only hints (schema-conditions.ts HINT) constrain open objects on purpose.
        if ((path.includes('/if') || String(s.$comment).startsWith('editor hint')) && !s.type) return;
        if (s.additionalProperties !== false) problems.push(`${path}: additionalProperties is not false`);
        for (const [k, p] of Object.entries(s.properties as Record<string, Schema>)) if (typeof p.description !== 'string' || p.description.length < 5) problems.push(`${path}/properties/${k}: no description`);
      });
      expect(problems).toEqual([]);
    });

    it(`takes the ${name} schema's fact, operator and unit enums from the catalogue`, () => {
      const defs = schema.$defs as Record<string, Schema & { properties: Record<string, Schema> }>;
      expect(defs.leaf.properties.fact.enum).toEqual(FACTS.map((f) => f.name));
      expect(defs.valueRef.properties.fact.enum).toEqual(FACTS.map((f) => f.name));
      expect(defs.leaf.properties.operator.enum).toEqual(OPERATORS.map((o) => o.name));
      expect(defs.ruleParam.properties.unit.enum).toEqual(Object.keys(UNITS));
    });
  }

  it('documents every fact and operator in docs/facts.md', () => {
    const doc = readFileSync(join(REPO, 'docs', 'facts.md'), 'utf8');
    for (const f of FACTS) expect(doc).toContain(`| \`${f.name}\` |`);
    for (const o of OPERATORS) expect(doc).toContain(`| \`${o.name}\``);
  });

  describe('the scenario schema (adapters/scenario/schema-source.ts)', () => {
    const committed = () => JSON.parse(readFileSync(join(REPO, 'schemas', 'scenario.schema.json'), 'utf8')) as Schema;
    // Scenario files: the YAML under scenarios/ except the config folders (a strategies.yaml and its rules/) they use.
    const yaml = (readdirSync(join(REPO, 'scenarios'), { recursive: true }) as string[]).filter((f) => f.endsWith('.yaml'));
    const configDirs = yaml.filter((f) => f.endsWith('strategies.yaml')).map((f) => f.slice(0, -'strategies.yaml'.length));
    const scenarios = yaml.filter((f) => !configDirs.some((d) => f.startsWith(d))).sort();

    it('is generated: the committed file is the source, with its $id', () => {
      expect(committed()).toEqual(scenarioSchema());
      expect(committed().$id).toBe('https://tickwise.dev/schemas/scenario.schema.json');
    });

    it('takes its action enums from the rules schema, so a new action needs no scenario schema edit', () => {
      const actions = (rulesSchema().$defs as Record<string, { properties: Record<string, Schema> }>).action.properties.action.enum;
      const expectation = (scenarioSchema().$defs as Record<string, { properties: Record<string, { properties: Record<string, Schema> }> }>).expectation;
      expect(expectation.properties.decision.properties.action.enum).toEqual(actions);
      expect(expectation.properties.never.properties.action.enum).toEqual(actions);
    });

    it('accepts every shipped scenario and refuses a misspelt key and an unknown action', () => {
      const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, strictTypes: false }).compile(committed());
      expect(scenarios.length).toBeGreaterThan(0);
      for (const f of scenarios) expect(validate(parse(readFileSync(join(REPO, 'scenarios', f), 'utf8'))), `${f}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(validate({ description: 'x', tickz: [] })).toBe(false);
      expect(validate({ description: 'x', ticks: [{}], expect: [{ never: { action: 'explode' } }] })).toBe(false);
    });
  });
});
