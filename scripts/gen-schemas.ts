// Regenerates schemas/*.schema.json (the scenario schema from adapters/scenario/schema-source.ts), docs/facts.md and the key reference in docs/configuration.md from the fact and
// operator catalogue and the schema builders. Deterministic; a test fails when the committed files drift.
// Run: npx tsx scripts/gen-schemas.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { renderActionsDoc, renderFactsDoc, renderStructuresDoc } from '../engine/catalogue/index.ts';
import { alertsSchema, editorFactsOf, editorSchemas, renderKeyReference } from '../engine/config/index.ts';
import { renderDerivedFactsDoc } from '../engine/expr/index.ts';
import { scenarioSchema } from '../adapters/scenario/index.ts';

export const KEYS_START = '<!-- generated:keys:start (npx tsx scripts/gen-schemas.ts) -->';
export const KEYS_END = '<!-- generated:keys:end -->';

export function generatedFiles(configurationDoc: string): Record<string, string> {
  const start = configurationDoc.indexOf(KEYS_START);
  const end = configurationDoc.indexOf(KEYS_END);
  if (start < 0 || end < start) throw new Error(`docs/configuration.md lacks the ${KEYS_START} … ${KEYS_END} markers`);
  const configuration = `${configurationDoc.slice(0, start + KEYS_START.length)}\n\n${renderKeyReference()}\n${configurationDoc.slice(end)}`;
  // The editor schemas of this repository's config: the catalogue's facts plus the derived facts of ./facts.yaml.
  const editor = editorSchemas(editorFactsOf(readFileSync(new URL('../facts.yaml', import.meta.url), 'utf8')));
  return {
    ...Object.fromEntries(Object.entries(editor).map(([name, schema]) => [`schemas/${name}`, `${JSON.stringify(schema, null, 2)}\n`])),
    'docs/facts.md': `${renderFactsDoc()}\n${renderDerivedFactsDoc()}`,
    'docs/actions.md': renderActionsDoc(),
    'docs/structures.md': renderStructuresDoc(),
    'docs/configuration.md': configuration,
    ...scenarioSchemaFile(),
    ...alertsSchemaFile(),
  };
}

/** alerts.yaml's schema (editors and check-alerts.ts), from engine/config/schema-alerts.ts. */
function alertsSchemaFile(): Record<string, string> {
  return { 'schemas/alerts.schema.json': `${JSON.stringify(alertsSchema(), null, 2)}\n` };
}

/** The dry-run scenario schema (editors and `checkScenarioSchema`), from adapters/scenario/schema-source.ts. */
function scenarioSchemaFile(): Record<string, string> {
  return { 'schemas/scenario.schema.json': `${JSON.stringify(scenarioSchema(), null, 2)}\n` };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = new URL('../', import.meta.url);
  const files = generatedFiles(readFileSync(new URL('docs/configuration.md', root), 'utf8'));
  for (const [path, text] of Object.entries(files)) {
    writeFileSync(new URL(path, root), text);
    console.log(`wrote ${path}`);
  }
}
