// Regenerates docs/errors.md (from the error registry), docs/cli.md (from the commands) and the broker option tables
// of the adapter pages (from the broker registry), docs/api.md's route list (from the app's routes) and
// docs/lifecycle.md's diagram and transition table (from the position machine).
// Run: npm run gen:docs
import { readFileSync, writeFileSync } from 'node:fs';
import { renderErrorsDoc } from '../engine/errors/index.ts';
import { renderCliDoc } from '../bin/cli-doc.ts';
import { loadBrokers } from '../bin/wiring/brokers.ts';
import { withBrokerOptions } from '../bin/wiring/brokers-doc.ts';
import { renderApiDoc } from '../bin/wiring/api-doc.ts';
import { withLifecycleDoc } from '../engine/lifecycle/index.ts';

/** Every file this script writes, path → text; test/cli/cli-doc.test.ts fails when a committed one drifts. */
export async function generatedDocs(read: (path: string) => string): Promise<Record<string, string>> {
  const files: Record<string, string> = { 'docs/errors.md': renderErrorsDoc(), 'docs/cli.md': await renderCliDoc() };
  for (const b of await loadBrokers()) if (b.doc) files[b.doc] = withBrokerOptions(files[b.doc] ?? read(b.doc), b);
  files['docs/api.md'] = await renderApiDoc(read('docs/api.md'));
  files['docs/lifecycle.md'] = withLifecycleDoc(read('docs/lifecycle.md'));
  return files;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = new URL('../', import.meta.url);
  for (const [path, text] of Object.entries(await generatedDocs((p) => readFileSync(new URL(p, root), 'utf8')))) {
    writeFileSync(new URL(path, root), text);
    console.log(`wrote ${path}`);
  }
}
