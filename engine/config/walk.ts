import { isMap, isPair, isScalar, isSeq, Scalar, type Document, type Node } from 'yaml';
import { toPointer } from './locate.ts';

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A `<<` merge key in a YAML document: the key node and the JSON pointer of the mapping that holds it. */
export interface MergeKey {
  key: Node;
  /** Pointer of the mapping holding the `<<` key. */
  mapPointer: string;
}

/**
 * Every plain (unquoted) `<<` key in the document, in document order. tickwise does not support YAML merge keys
 * (docs/configuration.md, "Anchors and merge keys"): they are reported at the key instead of as the required keys
 * the merge would have supplied. Iterative, so a deep document cannot overflow the stack.
 */
export function findMergeKeys(doc: Document.Parsed): MergeKey[] {
  const out: MergeKey[] = [];
  const stack: { node: unknown; path: (string | number)[] }[] = [{ node: doc.contents, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    const children: { node: unknown; path: (string | number)[] }[] = [];
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const k = pair.key;
        if (isScalar(k) && k.value === '<<' && k.type === Scalar.PLAIN) out.push({ key: k as Node, mapPointer: toPointer(path) });
        const name = isScalar(k) ? String(k.value) : '';
        children.push({ node: pair.value, path: [...path, name] });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => children.push({ node: item, path: [...path, i] }));
    }
    stack.push(...children.reverse());
  }
  return out.sort((a, b) => (a.key.range?.[0] ?? 0) - (b.key.range?.[0] ?? 0));
}
