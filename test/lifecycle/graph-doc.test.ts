import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { machineGraph, renderLifecycleDoc, withLifecycleDoc } from '../../engine/lifecycle/index.ts';

const doc = readFileSync(new URL('../../docs/lifecycle.md', import.meta.url), 'utf8');

describe('docs/lifecycle.md, generated from the machine definition', () => {
  it('is what the machine says (run `npm run gen:docs` after changing a step)', () => {
    expect(withLifecycleDoc(doc)).toBe(doc);
  });

  it('draws every state of the machine and starts where a new position starts', () => {
    const g = machineGraph();
    const text = renderLifecycleDoc();
    expect(g.initial).toBe('entry.submitting');
    expect(text).toContain(`[*] --> ${g.initial.split('.')[0]}`);
    for (const s of g.states) {
      const drawn = s.type === 'compound' ? `state ${s.id.split('.').at(-1)} {` : s.id.includes('.') ? `state "${s.id.split('.').at(-1)}" as ${s.id.replace(/\./g, '_')}` : `${s.id} -->`;
      expect(text, s.id).toContain(drawn);
    }
  });

  it('lists every transition with its guard, target and actions', () => {
    const g = machineGraph();
    const text = renderLifecycleDoc();
    for (const t of g.transitions.filter((x) => x.from !== '*')) {
      expect(text).toContain(`| \`${t.from}\` | ${t.event} | ${t.guard ? `\`${t.guard}\`` : ''} | \`${t.to}\` | ${t.actions.map((a) => `\`${a}\``).join(', ')} |`);
    }
    for (const t of g.transitions.filter((x) => x.from === '*')) expect(text).toContain(`${t.event} [${t.guard}]`);
  });
});
