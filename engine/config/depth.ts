import { Parser, type CST } from 'yaml';
import { isRecord } from './walk.ts';

/**
 * Nesting limits. The YAML library, the JSON Schema validator, the semantic checks and the rule compiler all recurse
 * into nested structures, so deep input must be refused before any of them sees it (a 500-deep `any` tree used to
 * overflow the stack inside the YAML parser and be misreported as a syntax error). Both checks here are iterative.
 * docs/configuration.md, "Limits".
 */

/** The most `all` / `any` / `not` levels a condition tree may have (the root condition is level 1). */
export const MAX_CONDITION_DEPTH = 32;
/**
 * The most levels of YAML mappings and lists a file may nest (the top-level mapping is level 1). A rule with a
 * condition tree at the limit above needs about 70; anything near 100 is a generated or hostile file.
 */
export const MAX_YAML_DEPTH = 100;

/**
 * The offset of the first collection deeper than MAX_YAML_DEPTH in the YAML text, or null. Works on the YAML
 * library's token stream (its tokenizer and CST parser keep explicit stacks) and never recurses. `onNewLine` is a
 * LineCounter's `addNewLine`, to turn the offset into a line and column.
 */
export function yamlTooDeepAt(text: string, onNewLine?: (offset: number) => void): number | null {
  const stack: { token: CST.Token; depth: number }[] = [];
  for (const token of [...new Parser(onNewLine).parse(text)].reverse()) stack.push({ token, depth: 0 });
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    if (token.type === 'document') {
      if (token.value) stack.push({ token: token.value, depth });
      continue;
    }
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    const level = depth + 1;
    if (level > MAX_YAML_DEPTH) return token.type === 'flow-collection' ? token.start.offset : token.offset;
    // Pushed last-first, so the walk meets nodes in document order and reports the first one past the limit.
    for (const item of [...token.items].reverse()) {
      const { key, value } = item as { key?: CST.Token | null; value?: CST.Token };
      if (value) stack.push({ token: value, depth: level });
      if (key) stack.push({ token: key, depth: level });
    }
  }
  return null;
}

/**
 * The JSON pointer of the first value deeper than `limit` levels of objects and arrays in plain data, or null.
 * Aliases can make the data deeper than the text; this catches that before the schema validator recurses.
 */
export function dataTooDeepAt(data: unknown, limit = MAX_YAML_DEPTH): string | null {
  const stack: { value: unknown; depth: number; pointer: string }[] = [{ value: data, depth: 0, pointer: '' }];
  const deepest = new Map<object, number>();
  while (stack.length > 0) {
    const { value, depth, pointer } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    const level = depth + 1;
    if (level > limit) return pointer;
    // A shared (aliased) value already walked from at least this deep adds nothing new.
    if ((deepest.get(value) ?? 0) >= level) continue;
    deepest.set(value, level);
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    for (const [k, v] of entries.reverse()) stack.push({ value: v, depth: level, pointer: `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}` });
  }
  return null;
}

/**
 * The JSON pointer (relative to `pointer`) of the first condition node deeper than MAX_CONDITION_DEPTH levels of
 * `all` / `any` / `not`, or null. Works on unchecked data: anything that is not a condition shape is skipped.
 */
export function conditionTooDeepAt(node: unknown, pointer: string): string | null {
  const stack: { node: unknown; depth: number; pointer: string }[] = [{ node, depth: 1, pointer }];
  while (stack.length > 0) {
    const { node: n, depth, pointer: p } = stack.pop()!;
    if (!isRecord(n)) continue;
    const branches = (['all', 'any', 'not'] as const).filter((k) => k in n);
    if (branches.length === 0) continue;
    if (depth > MAX_CONDITION_DEPTH) return p;
    for (const k of [...branches].reverse()) {
      const child = n[k];
      if (Array.isArray(child)) for (let i = child.length - 1; i >= 0; i--) stack.push({ node: child[i], depth: depth + 1, pointer: `${p}/${k}/${i}` });
      else stack.push({ node: child, depth: depth + 1, pointer: `${p}/${k}` });
    }
  }
  return null;
}
