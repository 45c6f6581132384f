/**
 * The broker parts of the docs, rendered from the registry (`npm run gen:docs`): the broker list in docs/cli.md and
 * the option table each adapter page (`doc` of its registration) carries between generated markers.
 */
import { DEFAULT_BROKER, loadBrokers, type BrokerRegistration } from './brokers.ts';

export const BROKER_OPTIONS_START = '<!-- generated:broker-options:start (npm run gen:docs) -->';
export const BROKER_OPTIONS_END = '<!-- generated:broker-options:end -->';

/** The `| option | default | meaning |` table of one broker's `start` options, with `--broker NAME` first. */
export function renderBrokerOptions(b: BrokerRegistration): string {
  const rows = [`| \`--broker ${b.name}\` | \`${DEFAULT_BROKER}\` | ${b.description} |`];
  for (const [name, spec] of Object.entries(b.options)) {
    const def = spec.default === undefined || spec.default === false ? (spec.type === 'boolean' ? 'off' : 'none') : `\`${String(spec.default)}\``;
    rows.push(`| \`--${name}${spec.type === 'string' ? ` ${spec.arg ?? 'VALUE'}` : ''}\` | ${def} | ${spec.description.replace(new RegExp(`^${b.name}: `), '')} |`);
  }
  return ['| option | default | meaning |', '|---|---|---|', ...rows].join('\n');
}

/** `doc` with the table between its markers replaced; throws when the page lacks the markers. */
export function withBrokerOptions(doc: string, b: BrokerRegistration): string {
  const start = doc.indexOf(BROKER_OPTIONS_START);
  const end = doc.indexOf(BROKER_OPTIONS_END);
  if (start < 0 || end < start) throw new Error(`${b.doc} lacks the ${BROKER_OPTIONS_START} … ${BROKER_OPTIONS_END} markers (broker "${b.name}")`);
  return `${doc.slice(0, start + BROKER_OPTIONS_START.length)}\n\n${renderBrokerOptions(b)}\n\n${doc.slice(end)}`;
}

/** The brokers section of docs/cli.md. */
export async function renderBrokersSection(): Promise<string[]> {
  const brokers = await loadBrokers();
  return [
    '## Brokers',
    '',
    '`tickwise start --broker NAME` picks where the market data and the orders come from. Each broker registers itself',
    'in `bin/wiring/broker-<name>.ts` (see [architecture.md](architecture.md#how-to-add-)).',
    '',
    '| broker | what it is | its options | page |',
    '|---|---|---|---|',
    ...brokers.map((b) => `| \`${b.name}\`${b.name === DEFAULT_BROKER ? ' (default)' : ''} | ${b.description} | ${Object.keys(b.options).map((o) => `\`--${o}\``).join(', ') || 'none'} | ${b.doc ? `[${b.doc.replace(/^docs\//, '')}](${b.doc.replace(/^docs\//, '')})` : ''} |`),
    '',
  ];
}
