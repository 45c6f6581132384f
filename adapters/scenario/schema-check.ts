/**
 * Validates a parsed scenario against the scenario schema (schema-source.ts, the source of the generated
 * schemas/scenario.schema.json); each error becomes a finding at its node.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { describePath, describeValue, finding, suggest, whereAt, type Finding, type ParsedFile } from '../../engine/config/index.ts';

import { scenarioSchema } from './schema-source.ts';

let validator: ValidateFunction | null = null;

function compile(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, strictTypes: false, verbose: true });
    validator = ajv.compile(scenarioSchema());
  }
  return validator;
}

export function checkScenarioSchema(file: ParsedFile): Finding[] {
  const validate = compile();
  if (validate(file.data)) return [];
  const out: Finding[] = [];
  const seen = new Set<string>();
  // oneOf branches report every failed alternative; the deepest, most specific error comes first once sorted.
  const errors = [...(validate.errors ?? [])].sort((a, b) => b.instancePath.length - a.instancePath.length);
  for (const e of errors) {
    const f = toFinding(file, e);
    if (!f) continue;
    if ([...seen].some((p) => p === f.pointer || p.startsWith(`${f.pointer}/`)) && f.code !== 'TW_CONFIG_UNKNOWN_KEY') continue;
    seen.add(f.pointer);
    out.push(f);
  }
  return out.sort((a, b) => a.line - b.line || a.col - b.col);
}

function toFinding(file: ParsedFile, e: ErrorObject): Finding | null {
  const path = e.instancePath;
  const where = describePath(file.data, path) || 'the scenario';
  switch (e.keyword) {
    case 'if':
    case 'propertyNames':
    case 'oneOf':
      return null;
    case 'additionalProperties': {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const allowed = Object.keys(((e.parentSchema ?? {}) as { properties?: object }).properties ?? {});
      return finding('TW_CONFIG_UNKNOWN_KEY', { key, where, suggestion: suggest(key, allowed), allowed: allowed.join(', ') || '(none)' }, whereAt(file, `${path}/${escape(key)}`, true));
    }
    case 'required':
      return finding('TW_CONFIG_MISSING_KEY', { key: (e.params as { missingProperty: string }).missingProperty, where }, whereAt(file, path));
    case 'type': {
      const t = (e.params as { type: string | string[] }).type;
      const expected = (Array.isArray(t) ? t : t.split(',')).map((x) => (x === 'object' ? 'a mapping' : x === 'array' ? 'a list' : x === 'integer' ? 'a whole number' : `a ${x}`)).join(' or ');
      return finding('TW_CONFIG_WRONG_TYPE', { where, expected, found: describeValue(e.data) }, whereAt(file, path));
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
      return finding('TW_CONFIG_BAD_VALUE', { where, problem: `is "${String(e.data)}"${suggest(String(e.data), allowed)}`, expected: `use one of: ${allowed.join(', ')}` }, whereAt(file, path));
    }
    case 'pattern':
      return finding('TW_CONFIG_BAD_VALUE', { where, problem: `is "${String(e.data)}", which does not have the expected form`, expected: patternHint((e.params as { pattern: string }).pattern) }, whereAt(file, path));
    default:
      return finding('TW_CONFIG_BAD_VALUE', { where, problem: `${e.message ?? 'is invalid'} (found ${describeValue(e.data)})`, expected: 'see docs/dry-run.md for the allowed values' }, whereAt(file, path));
  }
}

function patternHint(pattern: string): string {
  if (pattern.includes('(m|h|d)') && pattern.includes('\\d{4}')) return 'write YYYY-MM-DD HH:MM (New York) or a step like +30m, +1d';
  if (pattern.includes('(m|h|d)')) return 'write a step like 30m, 2h or 1d';
  if (pattern.includes('\\d{4}')) return 'write a date as YYYY-MM-DD';
  if (pattern.includes('[A-Z]')) return 'write the symbol in capitals, e.g. SPY';
  return `match ${pattern}`;
}

function escape(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}
