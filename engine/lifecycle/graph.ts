import { positionMachine } from './machine.ts';

export interface GraphState {
  /** Dotted path, e.g. `closing.repricing`; `` for the machine root. */
  id: string;
  parent: string | null;
  type: 'atomic' | 'compound' | 'final';
  initial: string | null;
}

export interface GraphTransition {
  /** Dotted source state (`position` root handlers have `from: '*'`). */
  from: string;
  /** Dotted target leaf state (initial states followed); equals `from` for transitions without a target. */
  to: string;
  event: string;
  guard?: string;
  actions: string[];
}

interface Def {
  id: string;
  type: string;
  initial?: { target?: Array<{ id: string }> };
  states: Record<string, Def>;
  transitions: Array<{ eventType: string; target?: unknown[]; guard?: unknown; actions: unknown[] }>;
}

const dotted = (id: string) => id.replace(/^#?position\.?/, '');

function named(x: unknown): string {
  if (typeof x === 'string') return x;
  if (x && typeof x === 'object' && 'type' in x) return String((x as { type: string }).type);
  return typeof x === 'function' ? (x.name || 'inline') : 'inline';
}

/**
 * The machine's states and transitions, read from `machine.definition`: enough to draw it (the visualizer and
 * docs/lifecycle.md do). `initial` is the leaf state a new position starts in.
 */
export function machineGraph(): { initial: string; states: GraphState[]; transitions: GraphTransition[] } {
  const root = positionMachine.root.definition as unknown as Def;
  const byId = new Map<string, Def>();
  const states: GraphState[] = [];
  const walk = (d: Def, parent: string | null) => {
    byId.set(d.id, d);
    const id = dotted(d.id);
    if (parent !== null || id !== '') {
      const initial = d.initial?.target?.[0]?.id;
      states.push({ id, parent, type: d.type === 'final' ? 'final' : d.type === 'compound' ? 'compound' : 'atomic', initial: initial ? dotted(initial) : null });
    }
    for (const child of Object.values(d.states)) walk(child, id === '' ? null : id);
  };
  walk(root, null);
  const leaf = (target: unknown): string => {
    const id = typeof target === 'string' ? target : String((target as { id: string }).id);
    const d = byId.get(id.startsWith('#') ? id.slice(1) : id);
    const initial = d?.initial?.target?.[0]?.id;
    return initial ? leaf(initial) : dotted(id);
  };
  const transitions: GraphTransition[] = [];
  for (const d of byId.values()) {
    const from = dotted(d.id) || '*';
    for (const t of d.transitions) {
      const to = t.target?.length ? leaf(t.target[0]) : from;
      const tr: GraphTransition = { from, to, event: t.eventType, actions: t.actions.map(named) };
      if (t.guard) tr.guard = named(t.guard);
      transitions.push(tr);
    }
  }
  const start = root.initial?.target?.[0];
  return { initial: start ? leaf(start) : '', states, transitions };
}
