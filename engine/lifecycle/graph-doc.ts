/**
 * docs/lifecycle.md's state diagram and transition table, rendered from `machineGraph()` (`npm run gen:docs`; a test
 * fails when the committed page drifts). A changed step shows up in the docs from the machine definition alone.
 *
 * The diagram draws each transition once, between the outermost states it crosses: `entry.working → managed` is an
 * edge `entry → managed`, `closing.working → closing.marketable` an edge inside `closing`. The table lists every one.
 */
import { machineGraph, type GraphState, type GraphTransition } from './graph.ts';

export const LIFECYCLE_START = '<!-- generated:lifecycle:start (npm run gen:docs) -->';
export const LIFECYCLE_END = '<!-- generated:lifecycle:end -->';

/**
 * Mermaid ids: a composite state is named by its own id (mermaid cannot give a composite a description), so its last
 * segment when that is unique (`closeOld`), else the dotted path with `_`; a simple state is `entry_submitting` with
 * the description `submitting`.
 */
function mermaidIds(states: GraphState[]): (id: string) => string {
  const last = (id: string) => id.split('.').at(-1)!;
  const count = new Map<string, number>();
  for (const s of states) count.set(last(s.id), (count.get(last(s.id)) ?? 0) + 1);
  const compound = new Set(states.filter((s) => s.type === 'compound').map((s) => s.id));
  return (id) => (compound.has(id) && count.get(last(id)) === 1 ? last(id) : id.replace(/\./g, '_'));
}
const label = (t: GraphTransition) => `${t.event}${t.guard ? ` [${t.guard}]` : ''}`;
const ancestors = (id: string) => id.split('.').map((_, i, parts) => parts.slice(0, i + 1).join('.'));

/** The edge a transition is drawn as: the children of the innermost state holding both ends (`''` = the root). */
function drawnEdge(t: GraphTransition): { within: string; from: string; to: string } | null {
  const a = ancestors(t.from);
  const b = ancestors(t.to);
  let i = 0;
  while (i < a.length - 1 && i < b.length - 1 && a[i] === b[i]) i++;
  const from = a[i]!;
  const to = b[i]!;
  return from === to ? null : { within: i === 0 ? '' : a[i - 1]!, from, to };
}

function diagram(start: string, states: GraphState[], transitions: GraphTransition[]): string[] {
  const node = mermaidIds(states);
  const edges = new Map<string, { within: string; from: string; to: string; labels: Set<string> }>();
  for (const t of transitions) {
    if (t.from === '*') continue;
    const e = drawnEdge(t);
    if (!e) continue;
    const key = `${e.from}→${e.to}`;
    if (!edges.has(key)) edges.set(key, { ...e, labels: new Set() });
    edges.get(key)!.labels.add(label(t));
  }
  const children = (parent: string | null) => states.filter((s) => s.parent === parent);
  const lines: string[] = [];
  const block = (parent: string | null, indent: string) => {
    const depth = parent === null ? 1 : parent.split('.').length + 1;
    const initial = (parent === null ? start : states.find((s) => s.id === parent)!.initial!).split('.').slice(0, depth).join('.');
    lines.push(`${indent}[*] --> ${node(initial)}`);
    for (const s of children(parent)) {
      const name = s.id.split('.').at(-1)!;
      if (s.type === 'compound') {
        lines.push(`${indent}state ${node(s.id)} {`);
        block(s.id, `${indent}  `);
        lines.push(`${indent}}`);
      } else if (node(s.id) !== name) lines.push(`${indent}state "${name}" as ${node(s.id)}`);
    }
    for (const e of edges.values()) if (e.within === (parent ?? '')) lines.push(`${indent}${node(e.from)} --> ${node(e.to)}: ${[...e.labels].join(' / ')}`);
    for (const s of children(parent)) if (s.type === 'final') lines.push(`${indent}${node(s.id)} --> [*]`);
  };
  block(null, '  ');
  return ['```mermaid', 'stateDiagram-v2', ...lines, '```'];
}

/** The generated part of docs/lifecycle.md: the diagram, the root handlers, and the full transition table. */
export function renderLifecycleDoc(): string {
  const { initial, states, transitions } = machineGraph();
  const anywhere = transitions.filter((t) => t.from === '*');
  const rows = transitions.filter((t) => t.from !== '*').map((t) => `| \`${t.from}\` | ${t.event} | ${t.guard ? `\`${t.guard}\`` : ''} | \`${t.to}\` | ${t.actions.map((a) => `\`${a}\``).join(', ')} |`);
  return [
    ...diagram(initial, states, transitions),
    '',
    `In every state: ${anywhere.map((t) => `${label(t)} → \`${t.to === '*' ? 'the same state' : t.to}\` (${t.actions.join(', ')})`).join('; ')}.`,
    '',
    `<details><summary>Every transition (${transitions.length - anywhere.length}), in the machine's order: the first whose guard holds is taken</summary>`,
    '',
    '| from | event | guard | to | actions |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    '</details>',
  ].join('\n');
}

/** `doc` (docs/lifecycle.md) with the generated part between its markers replaced. */
export function withLifecycleDoc(doc: string): string {
  const start = doc.indexOf(LIFECYCLE_START);
  const end = doc.indexOf(LIFECYCLE_END);
  if (start < 0 || end < start) throw new Error(`docs/lifecycle.md lacks the ${LIFECYCLE_START} … ${LIFECYCLE_END} markers`);
  return `${doc.slice(0, start + LIFECYCLE_START.length)}\n\n${renderLifecycleDoc()}\n\n${doc.slice(end)}`;
}
