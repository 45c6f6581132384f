import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { registry, renderErrorsDoc, TickwiseError } from '../../engine/errors/index.ts';

describe('the error registry', () => {
  it('is documented exactly as docs/errors.md says (run `npm run gen:docs` after changing a code)', () => {
    const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    expect(doc).toBe(renderErrorsDoc());
  });

  it('lists every documented code in the registry and every registry code in the docs', () => {
    const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    const documented = [...doc.matchAll(/^### (TW_[A-Z0-9_]+)/gm)].map((m) => m[1]).sort();
    expect(documented).toEqual(Object.keys(registry).sort());
  });

  it('gives every code a message, a hint, a fix and an exit code of 1 or 2', () => {
    for (const [code, spec] of Object.entries(registry)) {
      expect(spec.message.length, code).toBeGreaterThan(5);
      expect(spec.hint.length, code).toBeGreaterThan(5);
      expect(spec.fix.length, code).toBeGreaterThan(10);
      expect([1, 2], code).toContain(spec.exit);
    }
  });

  it('fills message placeholders and describes an error with its location', () => {
    const e = new TickwiseError('TW_CLI_UNKNOWN_COMMAND', { command: 'strat' }, { location: { file: 'a.yaml', line: 3, col: 5 } });
    expect(e.message).toBe('unknown command "strat"');
    expect(e.describe()).toBe('a.yaml:3:5: TW_CLI_UNKNOWN_COMMAND unknown command "strat" (run `tickwise --help` to list the commands)');
    expect(e.exit).toBe(2);
  });
});
