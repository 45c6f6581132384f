import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderCliDoc } from '../../bin/cli-doc.ts';
import { COMMANDS } from '../../bin/commands/index.ts';

describe('docs/cli.md', () => {
  it('is exactly what the commands say about themselves (run `npm run gen:docs` after changing a command)', async () => {
    expect(readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8')).toBe(await renderCliDoc());
  });

  it('documents every command', async () => {
    const doc = await renderCliDoc();
    for (const name of Object.keys(COMMANDS)) expect(doc).toContain(`## tickwise ${name}`);
  });
});
