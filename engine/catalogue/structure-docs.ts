import { STRUCTURE_LIST, type LegRole, type LegTemplate } from './structures.ts';

const esc = (s: string) => s.replace(/\|/g, '\\|');

const ROLE_TEXT: Record<LegRole, string> = {
  'short-delta': '\\|delta\\| nearest `targetDelta`',
  'long-delta': '\\|delta\\| nearest `targetDelta`',
  atm: 'the strike nearest the underlying',
  wing: '`wingWidth` further out of the money',
  'inner-wing': '`wingWidth` further into the money',
  'same-strike': 'the same strike',
};

const legText = (l: LegTemplate): string =>
  `${l.side} ${l.ratio} ${l.right}${l.ratio > 1 ? 's' : ''}${l.expiry === 'back' ? ' (back month)' : ''}: ${ROLE_TEXT[l.role]}`;

/** docs/structures.md, generated from engine/catalogue/structures.ts by scripts/gen-schemas.ts (a test checks drift). */
export function renderStructuresDoc(): string {
  const lines = [
    '# Structures',
    '',
    '<!-- Generated from engine/catalogue/structures.ts by `npx tsx scripts/gen-schemas.ts`. Do not edit by hand. -->',
    '',
    'The option structures a strategy can open (`structure:` in `strategies.yaml`). Each is one entry of the structure',
    'catalogue, `engine/catalogue/structures.ts`: the config schema, the checks, the `structure` fact, leg selection,',
    'payoff, sizing, rolls and this page all read it. How strikes and expiries are picked is in docs/entries.md.',
    '',
    'Legs are listed per unit of the combo: `sell 2 calls` means two contracts per unit (a butterfly\'s body), so a',
    'position of 3 units holds 6 of that contract. Needs: `wingWidth` when a leg is a wing, `backDte` when a leg is in the',
    'back month; a strategy that sets either key without needing it is refused too.',
    '',
    '| structure | kind | risk | sides | needs | legs (per unit) | description |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const s of STRUCTURE_LIST) {
    const needs = [s.needsWing ? '`wingWidth`' : '', s.needsBackDte ? '`backDte`' : ''].filter(Boolean).join(', ') || '—';
    const risk = s.risk === 'undefined' ? '**undefined** (needs `allowUndefinedRisk: true`)' : 'defined';
    lines.push(`| \`${s.name}\` | ${s.kind} | ${risk} | ${s.twoSided ? 'two' : 'one'} | ${needs} | ${s.legs.map(legText).join('; ')} | ${esc(s.description)} |`);
  }
  lines.push(
    '',
    '## Leg roles',
    '',
    'Anchors (`short-delta`, `long-delta`, `atm`) are chosen first; wings and back-month legs are placed from the anchor',
    'of the same right.',
    '',
    '| role | strike |',
    '|---|---|',
    ...(Object.entries(ROLE_TEXT) as [LegRole, string][]).map(([r, t]) => `| \`${r}\` | ${t} |`),
    '',
    '## Adding a structure',
    '',
    'Add one entry to `engine/catalogue/structures.ts` (name, kind, risk, legs with roles and ratios, description), run',
    '`npx tsx scripts/gen-schemas.ts`, and add a test of its legs and payoff (test/entry). The schema enum, the',
    '`structure` fact, the wing and back-month checks and this table follow from the entry.',
    '',
  );
  return lines.join('\n');
}
