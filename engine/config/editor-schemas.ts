/**
 * Editor schemas: the rules and strategies schemas with a config folder's derived facts (facts.yaml) added to the
 * fact names, so an editor completes them and does not flag them. Validation never uses these: it checks rules
 * against the catalogue's schema and accepts a facts.yaml name itself (collect.ts), so a typo in facts.yaml cannot
 * widen what validate accepts. `schemas/*.schema.json` are the editor schemas of this repository's own facts.yaml
 * (scripts/gen-schemas.ts); `tickwise validate --editor-schemas DIR` writes them for any config folder.
 */
import { parse } from 'yaml';
import type { EditorFact } from './schema-conditions.ts';
import { factsSchema } from './schema-facts.ts';
import { rulesSchema } from './schema-rules.ts';
import { strategiesSchema } from './schema-strategies.ts';

export type { EditorFact } from './schema-conditions.ts';

/** The three editor schemas by file name, for the derived facts `derived`. */
export function editorSchemas(derived: readonly EditorFact[]): Record<string, Record<string, unknown>> {
  return {
    'rules.schema.json': rulesSchema(derived),
    'strategies.schema.json': strategiesSchema(derived),
    'facts.schema.json': factsSchema(),
  };
}

/**
 * The names and units of the derived facts in a facts.yaml text, read leniently (an editor aid: a broken file gives
 * the entries that can be read; `validate` reports the rest). Names that are not identifiers are left out.
 */
export function editorFactsOf(text: string): EditorFact[] {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return [];
  }
  const list = (doc as { facts?: unknown } | null)?.facts;
  if (!Array.isArray(list)) return [];
  const out: EditorFact[] = [];
  for (const f of list) {
    const { name, unit } = (f ?? {}) as { name?: unknown; unit?: unknown };
    if (typeof name === 'string' && /^[a-z][A-Za-z0-9]*$/.test(name) && !out.some((o) => o.name === name)) out.push({ name, unit: typeof unit === 'string' ? unit : 'ratio' });
  }
  return out;
}
