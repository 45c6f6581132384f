import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { Where } from './finding.ts';

/** A parsed file: its YAML document, line counter and plain data. */
export interface ParsedFile {
  path: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  data: unknown;
  /** Pointers of the mappings that hold a `<<` merge key (reported as TW_CONFIG_MERGE_KEY; see walk.ts). */
  mergeMaps?: readonly string[];
}

export function pointerSegments(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function toPointer(segments: (string | number)[]): string {
  return segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/**
 * Finds the YAML node at a JSON pointer. With `key`, returns the key node of the last segment (for unknown keys).
 * Walks as deep as the document goes, so a pointer past the end lands on the deepest existing node.
 */
export function nodeAt(file: ParsedFile, pointer: string, key = false): Node | null {
  let node: unknown = file.doc.contents;
  const segments = pointerSegments(pointer);
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    const last = i === segments.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === seg);
      if (!pair) return node as Node;
      if (last && key) return pair.key as Node;
      node = pair.value ?? pair.key;
    } else if (isSeq(node)) {
      const item = node.items[Number(seg)];
      if (item === undefined) return node as Node;
      node = item;
    } else {
      return (node as Node) ?? null;
    }
  }
  return (node as Node) ?? null;
}

/** The file:line:col of the node at `pointer` (1:1 when the document is empty). */
export function whereAt(file: ParsedFile, pointer: string, key = false): Where {
  const node = nodeAt(file, pointer, key);
  const offset = node?.range?.[0] ?? 0;
  const pos = file.lineCounter.linePos(offset);
  return { file: file.path, line: pos.line, col: pos.col, pointer };
}

export function whereOffset(path: string, lineCounter: LineCounter, offset: number, pointer = ''): Where {
  const pos = lineCounter.linePos(offset);
  return { file: path, line: pos.line, col: pos.col, pointer };
}
