import { LineCounter, parseDocument, visit, isAlias } from 'yaml';
import type { Finding } from './types.ts';
import { finding } from './finding.ts';
import { whereAt, whereOffset, type ParsedFile } from './locate.ts';
import { dataTooDeepAt, MAX_YAML_DEPTH, yamlTooDeepAt } from './depth.ts';
import { findMergeKeys } from './walk.ts';

/** Configuration files are small; anything bigger is the wrong file (or an attack) and is refused before parsing. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Cap on alias expansions per file (anchors are rarely useful in tickwise files). */
export const MAX_ALIAS_COUNT = 50;

/**
 * Parses one YAML file with source positions, unique keys and an alias cap. Hostile input (huge, binary, empty,
 * alias bombs) becomes a finding, never an exception. `topKey` names the key the file must hold (for messages).
 */
export function parseConfigFile(path: string, text: string, topKey: string): { file: ParsedFile | null; findings: Finding[] } {
  // yaml parsing dominates load time; a reload or a validate loop re-reads mostly unchanged files. Parsed data is
  // never mutated downstream (resolve clones what it keeps), so sharing it is safe.
  if (text.length > 256 * 1024) return parseUncached(path, text, topKey);
  const key = `${path}\u0000${topKey}\u0000${text}`;
  const hit = cache.get(key);
  if (hit) return { file: hit.file, findings: [...hit.findings] };
  const result = parseUncached(path, text, topKey);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, result);
  return { file: result.file, findings: [...result.findings] };
}

const CACHE_SIZE = 64;
const cache = new Map<string, { file: ParsedFile | null; findings: Finding[] }>();

function parseUncached(path: string, text: string, topKey: string): { file: ParsedFile | null; findings: Finding[] } {
  const lineCounter = new LineCounter();
  const at = (offset: number) => whereOffset(path, lineCounter, offset);
  const start = { file: path, line: 1, col: 1, pointer: '' };
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_FILE_BYTES) {
    return { file: null, findings: [finding('TW_CONFIG_FILE_TOO_LARGE', { sizeKb: Math.round(bytes / 1024), limitKb: MAX_FILE_BYTES / 1024 }, start)] };
  }
  const binary = findBinary(text);
  if (binary) {
    const before = text.slice(0, binary.offset);
    const line = before.split('\n').length;
    const col = binary.offset - before.lastIndexOf('\n');
    return { file: null, findings: [finding('TW_CONFIG_BINARY_FILE', { what: binary.what }, { file: path, line, col, pointer: '' })] };
  }
  if (isBlank(text)) return { file: null, findings: [finding('TW_CONFIG_EMPTY_FILE', { key: topKey }, start)] };

  // The YAML composer recurses once per nesting level: refuse deep files before it runs (the tokenizer does not recurse).
  const lines = new LineCounter();
  const deep = yamlTooDeepAt(text, lines.addNewLine);
  if (deep !== null) return { file: null, findings: [tooDeep(whereOffset(path, lines, deep))] };

  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true, keepSourceTokens: false });
  const findings: Finding[] = [];
  for (const e of doc.errors.slice(0, 20)) {
    // Point at the first character of the offending token, not at the indentation before it.
    let offset = e.pos[0];
    while (e.code !== 'TAB_AS_INDENT' && text[offset] === ' ') offset++;
    if (e.code === 'DUPLICATE_KEY') {
      const key = keyAt(text, offset);
      findings.push(finding('TW_CONFIG_DUPLICATE_KEY', { key }, at(offset)));
    } else if (/call stack/i.test(e.message)) {
      findings.push(tooDeep(at(offset)));
    } else if (e.code === 'TAB_AS_INDENT') {
      findings.push(finding('TW_CONFIG_TAB_INDENT', {}, at(offset)));
    } else {
      findings.push(finding('TW_CONFIG_YAML_SYNTAX', { detail: firstLine(e.message) }, at(offset)));
    }
  }
  if (findings.length === 0 && /^\t+\S/m.test(text)) {
    const m = /^\t+\S/m.exec(text);
    findings.push(finding('TW_CONFIG_TAB_INDENT', {}, at(m!.index)));
  }
  if (findings.length > 0) return { file: null, findings };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    let offset = 0;
    visit(doc, { Alias(_k, node) { if (isAlias(node)) { offset = node.range?.[0] ?? 0; return visit.BREAK; } } });
    return { file: null, findings: [finding('TW_CONFIG_ALIAS_LIMIT', { detail: firstLine((e as Error).message) }, at(offset))] };
  }
  if (data === null || data === undefined) return { file: null, findings: [finding('TW_CONFIG_EMPTY_FILE', { key: topKey }, start)] };
  const file: ParsedFile = { path, doc, lineCounter, data, mergeMaps: [] };
  // Aliases can nest data deeper than the text: measure the data too, before the schema validator recurses into it.
  const deepData = dataTooDeepAt(data);
  if (deepData !== null) return { file: null, findings: [tooDeep(whereAt(file, deepData))] };
  const merges = findMergeKeys(doc);
  const mergeFindings = merges.map((m) => finding('TW_CONFIG_MERGE_KEY', {}, { ...whereOffset(path, lineCounter, m.key.range?.[0] ?? 0), pointer: `${m.mapPointer}/<<` }));
  return { file: { ...file, mergeMaps: merges.map((m) => m.mapPointer) }, findings: mergeFindings };
}

function tooDeep(where: ReturnType<typeof whereOffset>) {
  return finding('TW_CONFIG_TOO_DEEP', { what: 'mappings and lists', limit: MAX_YAML_DEPTH, unit: 'levels' }, where);
}

function findBinary(text: string): { offset: number; what: string } | null {
  const nul = text.indexOf('\u0000');
  if (nul >= 0) return { offset: nul, what: 'a NUL byte' };
  const bad = text.indexOf('\uFFFD');
  if (bad >= 0) return { offset: bad, what: 'bytes that are not valid UTF-8' };
  // eslint-disable-next-line no-control-regex
  const ctrl = /[\u0001-\u0008\u000B\u000E-\u001F\u007F]/.exec(text);
  if (ctrl) return { offset: ctrl.index, what: `control character U+${ctrl[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}` };
  return null;
}

function isBlank(text: string): boolean {
  return text.split('\n').every((line) => /^\s*(#.*)?$/.test(line) || /^\s*(---|\.\.\.)\s*$/.test(line));
}

function keyAt(text: string, offset: number): string {
  const m = /^\s*["']?([^"':\n]+)["']?\s*:/.exec(text.slice(offset, offset + 200));
  return m ? m[1].trim() : text.slice(offset, offset + 20).split(/[:\n]/)[0].trim();
}

function firstLine(s: string): string {
  return s.split('\n')[0].replace(/\s+at line \d+, column \d+:?$/, '');
}
