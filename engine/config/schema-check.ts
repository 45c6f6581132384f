import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { OPERATORS } from '../catalogue/index.ts';
import type { Finding } from './types.ts';
import { finding, suggest } from './finding.ts';
import { pointerSegments, whereAt, type ParsedFile } from './locate.ts';
import { pruneBranches } from './schema-branches.ts';
import { rulesSchema } from './schema-rules.ts';
import { strategiesSchema } from './schema-strategies.ts';
import { factsSchema } from './schema-facts.ts';

export type FileKind = 'rules' | 'strategies' | 'facts';

let validators: Record<FileKind, { validate: ValidateFunction; schema: Record<string, unknown> }> | null = null;

function compile(): NonNullable<typeof validators> {
  if (!validators) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, verbose: true });
    const entry = (schema: Record<string, unknown>) => ({ validate: ajv.compile(schema), schema });
    validators = { rules: entry(rulesSchema()), strategies: entry(strategiesSchema()), facts: entry(factsSchema()) };
  }
  return validators;
}

/**
 * Validates a parsed file against its JSON Schema; every error becomes a finding at the offending node. Of an
 * `anyOf` (a condition node, a value), only the branch the node means is reported (schema-branches.ts).
 */
export function schemaCheck(file: ParsedFile, kind: FileKind): Finding[] {
  const { validate, schema } = compile()[kind];
  if (validate(file.data)) return [];
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const merges = new Set(file.mergeMaps ?? []);
  for (const e of pruneBranches(validate.errors ?? [], schema)) {
    const f = toFinding(file, e);
    if (!f) continue;
    // A `<<` merge key is reported once, at the key (parse.ts); the unknown "<<" and the keys it would have
    // supplied are its consequences.
    if (f.code === 'TW_CONFIG_UNKNOWN_KEY' && f.pointer.endsWith('/<<') && merges.has(f.pointer.slice(0, -3))) continue;
    if (f.code === 'TW_CONFIG_MISSING_KEY' && merges.has(f.pointer)) continue;
    const id = `${f.pointer}|${f.code}|${f.message}`;
    if (seen.has(id)) continue;
    // One finding per node: the first error at a pointer explains it; later ones are usually consequences.
    if (f.code !== 'TW_CONFIG_UNKNOWN_KEY' && f.code !== 'TW_CONFIG_MISSING_KEY' && [...seen].some((s) => s.startsWith(`${f.pointer}|`))) continue;
    seen.add(id);
    findings.push(f);
  }
  return findings;
}

export function toFinding(file: ParsedFile, e: ErrorObject): Finding | null {
  const path = e.instancePath;
  const where = describePath(file.data, path);
  const propertyName = (e as ErrorObject & { propertyName?: string }).propertyName;
  switch (e.keyword) {
    case 'if':
    case 'propertyNames':
      return null;
    case 'additionalProperties': {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const allowed = Object.keys(((e.parentSchema ?? {}) as { properties?: object }).properties ?? {});
      return finding('TW_CONFIG_UNKNOWN_KEY', { key, where, suggestion: suggest(key, allowed), allowed: allowed.join(', ') || '(none)' }, whereAt(file, `${path}/${escape(key)}`, true));
    }
    case 'required': {
      const key = (e.params as { missingProperty: string }).missingProperty;
      return finding('TW_CONFIG_MISSING_KEY', { key, where }, whereAt(file, path));
    }
    case 'type': {
      const t = (e.params as { type: string | string[] }).type;
      const expected = (Array.isArray(t) ? t : t.split(',')).map(article).join(' or ');
      return finding('TW_CONFIG_WRONG_TYPE', { where, expected, found: describeValue(e.data) }, whereAt(file, path));
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const value = String(e.data);
      if (path.endsWith('/fact')) return finding('TW_CONFIG_UNKNOWN_FACT', { fact: value, suggestion: suggest(value, allowed) }, whereAt(file, path));
      if (path.endsWith('/operator')) return finding('TW_CONFIG_UNKNOWN_OPERATOR', { operator: value, suggestion: suggest(value, allowed), allowed: OPERATORS.map((o) => o.name).join(', ') }, whereAt(file, path));
      return finding('TW_CONFIG_BAD_VALUE', { where, problem: `is "${value}"${suggest(value, allowed)}`, expected: `use one of: ${allowed.join(', ')}` }, whereAt(file, path));
    }
    case 'pattern': {
      if (propertyName !== undefined) {
        return finding('TW_CONFIG_BAD_VALUE', { where: `key "${propertyName}" in ${where}`, problem: 'is not a valid name', expected: `names match ${(e.params as { pattern: string }).pattern} (camelCase for parameters)` }, whereAt(file, `${path}/${escape(propertyName)}`, true));
      }
      return finding('TW_CONFIG_BAD_VALUE', { where, problem: `is "${String(e.data)}", which does not have the expected form`, expected: patternHint((e.params as { pattern: string }).pattern) }, whereAt(file, path));
    }
    default:
      return finding('TW_CONFIG_BAD_VALUE', { where, problem: `${e.message ?? 'is invalid'} (found ${describeValue(e.data)})`, expected: 'see docs/configuration.md for the allowed values' }, whereAt(file, path));
  }
}

function patternHint(pattern: string): string {
  if (pattern.includes('[a-z0-9]+)*$')) return 'use kebab-case: lower-case words joined by "-", e.g. spy-iron-condor';
  if (pattern.includes('[0-5][0-9]')) return 'write a time as HH:MM, e.g. 10:00';
  if (pattern.includes('[A-Z]')) return 'write the symbol in capitals, e.g. SPY';
  return `match ${pattern}`;
}

function escape(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

function article(t: string): string {
  if (t === 'null') return 'null';
  if (t === 'integer') return 'a whole number';
  if (t === 'array') return 'a list';
  if (t === 'object') return 'a mapping';
  return `a ${t}`;
}

export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `text "${v.length > 30 ? `${v.slice(0, 30)}…` : v}"`;
  return `${typeof v} ${String(v)}`;
}

/** A readable location like `rule "stop-loss" when.all[0].value`, from a JSON pointer into the file's data. */
export function describePath(data: unknown, pointer: string): string {
  const segs = pointerSegments(pointer);
  if (segs.length === 0) return 'the file';
  let head = '';
  let rest = segs;
  if ((segs[0] === 'rules' || segs[0] === 'strategies') && segs.length >= 2) {
    const list = (data as Record<string, unknown>)[segs[0]];
    const item = Array.isArray(list) ? list[Number(segs[1])] : undefined;
    const name = item && typeof item === 'object' && typeof (item as { name?: unknown }).name === 'string' ? (item as { name: string }).name : null;
    head = name ? `${segs[0] === 'rules' ? 'rule' : 'strategy'} "${name}"` : `${segs[0]}[${segs[1]}]`;
    rest = segs.slice(2);
  }
  const tail = rest.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : `${i === 0 ? '' : '.'}${s}`)).join('');
  return [head, tail].filter(Boolean).join(' ') || head;
}
