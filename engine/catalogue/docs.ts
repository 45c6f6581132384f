import { FACTS, type FactScope } from './facts.ts';
import { OPERATORS } from './operators.ts';
import { UNITS } from './units.ts';

const esc = (s: string) => s.replace(/\|/g, '\\|');

/** docs/facts.md, generated from the catalogue by scripts/gen-schemas.ts; a test fails when the file drifts. */
export function renderFactsDoc(): string {
  const lines = [
    '# Facts, operators and units',
    '',
    '<!-- Generated from engine/catalogue by `npx tsx scripts/gen-schemas.ts`. Do not edit by hand. -->',
    '',
    'Rules and entry conditions compare **facts** with values using **operators**. The engine computes every fact each',
    'tick. Every `*Pct` fact is a **fraction**: 0.5 means 50%.',
    '',
    'Where a fact can be used:',
    '',
    '- position rules: position and portfolio facts',
    '- portfolio rules: portfolio facts',
    '- strategy entry conditions (`entry.when`): portfolio and entry facts',
    '',
    '**Price-based** facts (marked *price-based* below) are read from the legs\' option marks. While a position\'s mark is',
    'stale and frozen (`markStale` true with `markSource` `last`) they are unknown (null) to its rules, so a condition on',
    'them is not matched and the trace says `mark stale (leg …, age Ns)`; conditions on the underlying still act',
    '(docs/evaluation.md § Stale marks). Each leg\'s mark source and age: `markSource`, `markAgeSec`, `markStale`,',
    '`staleLegs` (docs/pricing.md § Model marks for `onStale: model`).',
    '',
  ];
  const titles: Record<FactScope, string> = { position: 'Position facts', portfolio: 'Portfolio facts', entry: 'Entry facts' };
  for (const scope of ['position', 'portfolio', 'entry'] as const) {
    lines.push(`## ${titles[scope]}`, '', '| fact | type | unit | example | meaning |', '|---|---|---|---|---|');
    for (const f of FACTS.filter((x) => x.scope === scope)) {
      const values = (f.values ? ` One of: ${f.values.map((v) => `\`${v}\``).join(', ')}.` : '') + (f.priceBased ? ' *Price-based.*' : '');
      lines.push(`| \`${f.name}\` | ${f.type} | ${f.unit} | \`${JSON.stringify(f.example)}\` | ${esc(f.description)}${values} |`);
    }
    lines.push('');
  }
  lines.push('## Operators', '', '| operator | fact | value | meaning |', '|---|---|---|---|');
  for (const o of OPERATORS) lines.push(`| \`${o.name}\`${o.builtIn ? '' : ' (tickwise)'} | ${o.fact} | ${o.value} | ${esc(o.description)} |`);
  lines.push('', '## Units', '', '| unit | meaning |', '|---|---|');
  for (const [u, d] of Object.entries(UNITS)) lines.push(`| \`${u}\` | ${esc(d)} |`);
  lines.push('');
  return lines.join('\n');
}
