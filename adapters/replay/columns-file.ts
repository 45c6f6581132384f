/**
 * Column mapping files (`--columns MAP.yaml`, a scenario's `replay.columns`): parsed with positions and checked
 * against schemas/replay-columns.schema.json, so every mistake is a finding at file:line:col, like the config's.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { describePath, describeValue, finding, formatFinding, parseConfigFile, sortFindings, suggest, whereAt, type Finding, type ParsedFile, type Where } from '../../engine/config/index.ts';
import { twError } from '../../engine/errors/index.ts';
import { resolveColumns, type ColumnsConfig, type ResolvedColumns } from './columns.ts';
import { existingPath } from './duck.ts';

let validator: ValidateFunction | null = null;

export function columnsSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL('../../schemas/replay-columns.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;
}

function compile(): ValidateFunction {
  validator ??= new Ajv2020({ allErrors: true, strict: true, strictRequired: false, strictTypes: false, verbose: true }).compile(columnsSchema());
  return validator;
}

/** Checks a mapping's text; `path` is how the file is named in findings. */
export function parseColumnsText(path: string, text: string): { columns: ResolvedColumns | null; findings: Finding[] } {
  const parsed = parseConfigFile(path, text, 'columns');
  if (!parsed.file) return { columns: null, findings: parsed.findings };
  const findings = checkColumns(parsed.file);
  return { columns: findings.length ? null : resolveColumns(parsed.file.data as ColumnsConfig), findings };
}

/** Reads and checks a mapping file; throws TW_REPLAY_BAD_COLUMNS listing every finding as file:line:col. */
export function readColumnsFile(path: string): ResolvedColumns {
  const full = existingPath('column mapping', path);
  const { columns, findings } = parseColumnsText(path, readFileSync(full, 'utf8'));
  if (!columns) throw twError('TW_REPLAY_BAD_COLUMNS', { path, findings: findings.map(formatFinding).join('\n') });
  return columns;
}

/** Checks a mapping given as an object (no positions: findings point at line 1 of `name`). */
export function columnsFromObject(name: string, data: unknown): ResolvedColumns {
  const validate = compile();
  if (validate(data)) return resolveColumns(data as ColumnsConfig);
  const lines = (validate.errors ?? []).map((e) => `${name}${e.instancePath || ''}: ${e.message ?? 'is invalid'}`);
  throw twError('TW_REPLAY_BAD_COLUMNS', { path: name, findings: lines.join('\n') });
}

/** Schema findings for a parsed mapping, most specific first, one per node. */
export function checkColumns(file: ParsedFile): Finding[] {
  const validate = compile();
  if (validate(file.data)) return [];
  const errors = [...(validate.errors ?? [])].sort((a, b) => b.instancePath.length - a.instancePath.length);
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    const f = toFinding(file, e);
    if (!f || seen.has(`${f.pointer}:${f.code}:${f.message}`)) continue;
    seen.add(`${f.pointer}:${f.code}:${f.message}`);
    out.push(f);
  }
  return sortFindings(out);
}

function toFinding(file: ParsedFile, e: ErrorObject): Finding | null {
  const path = e.instancePath;
  const where = describePath(file.data, path) || 'the column mapping';
  const at = (pointer: string, key = false): Where => whereAt(file, pointer, key);
  switch (e.keyword) {
    case 'if':
      return null;
    case 'additionalProperties': {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const allowed = Object.keys(((e.parentSchema ?? {}) as { properties?: object }).properties ?? {});
      return finding('TW_CONFIG_UNKNOWN_KEY', { key, where, suggestion: suggest(key, allowed), allowed: allowed.join(', ') }, at(`${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, true));
    }
    case 'required': {
      const key = (e.params as { missingProperty: string }).missingProperty;
      const why = key === 'legs' ? ' (a wide layout names the call and put prefixes)' : key === 'right' ? ' (a long layout needs the column saying call or put)' : '';
      return finding('TW_CONFIG_MISSING_KEY', { key, where: `${where}${why}` }, at(path));
    }
    case 'type': {
      const t = String((e.params as { type: string }).type);
      return finding('TW_CONFIG_WRONG_TYPE', { where, expected: t === 'object' ? 'a mapping' : t === 'array' ? 'a list' : `a ${t}`, found: describeValue(e.data) }, at(path));
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
      return finding('TW_CONFIG_BAD_VALUE', { where, problem: `is "${String(e.data)}"${suggest(String(e.data), allowed)}`, expected: `use one of: ${allowed.join(', ')}` }, at(path));
    }
    case 'pattern':
      return finding('TW_CONFIG_BAD_VALUE', { where, problem: `is "${String(e.data)}"`, expected: 'write a New York time as HH:MM, e.g. 15:45' }, at(path));
    default:
      return finding('TW_CONFIG_BAD_VALUE', { where, problem: `${e.message ?? 'is invalid'} (found ${describeValue(e.data)})`, expected: 'see docs/replay.md for column mappings' }, at(path));
  }
}
