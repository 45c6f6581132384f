import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderCliDoc } from '../../bin/cli-doc.ts';
import { COMMANDS } from '../../bin/commands/index.ts';
import { loadBrokers } from '../../bin/wiring/brokers.ts';
import { generatedDocs } from '../../scripts/gen-docs.ts';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('docs/cli.md and the other docs npm run gen:docs writes', () => {
  it('are exactly what the commands, the error registry and the broker registry say (run `npm run gen:docs`)', async () => {
    for (const [path, text] of Object.entries(await generatedDocs(read))) expect(read(path), `${path} is stale: run npm run gen:docs`).toBe(text);
  });

  it('documents every command', async () => {
    const doc = await renderCliDoc();
    for (const name of Object.keys(COMMANDS)) expect(doc).toContain(`## tickwise ${name}`);
  });

  it('lists every registered broker in docs/cli.md and every broker option on its adapter page', async () => {
    const cli = read('docs/cli.md');
    for (const b of await loadBrokers()) {
      expect(cli).toContain(`| \`${b.name}\``);
      if (!b.doc) continue;
      const page = read(b.doc);
      for (const o of Object.keys(b.options)) expect(page).toContain(`| \`--${o}`);
    }
  });
});
