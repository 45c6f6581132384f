// The position machine drawn as a graph: dagre lays it out in the browser (served from node_modules, offline);
// compound states are boxes around their substates; the current state is filled, the path taken is drawn in orange.
import dagre from '/vendor/dagre.esm.js';
import { esc } from './format.js';

const START = '(start)';
const short = (id) => (id === START ? 'start' : id.split('.').at(-1));

/** Layout → SVG string. `graph` from /api/positions/:id/machine; `path` its distinct steps; `current` a state id. */
export function machineSvg({ graph, path, current }) {
  const g = new dagre.graphlib.Graph({ compound: true, multigraph: false });
  g.setGraph({ rankdir: 'LR', nodesep: 10, ranksep: 34, edgesep: 4, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({}));
  const compound = new Set(graph.states.filter((s) => s.type === 'compound').map((s) => s.id));
  for (const s of graph.states) {
    if (compound.has(s.id)) g.setNode(s.id, { label: s.id, cluster: true });
    else g.setNode(s.id, { label: short(s.id), width: Math.max(64, short(s.id).length * 7 + 18), height: 26 });
  }
  for (const s of graph.states) if (s.parent) g.setParent(s.id, s.parent);
  g.setNode(START, { label: 'start', width: 48, height: 22 });

  const visited = new Set(path.flatMap((p) => [p.from === 'none' ? START : p.from, p.to]));
  const taken = new Set(path.map((p) => `${p.from === 'none' ? START : p.from}→${p.to}`));
  const edges = new Map();
  const addEdge = (from, to, label) => {
    if (from === to || !g.hasNode(from) || !g.hasNode(to) || compound.has(from) || compound.has(to)) return;
    const k = `${from}→${to}`;
    if (!edges.has(k)) edges.set(k, { from, to, labels: [] });
    if (label) edges.get(k).labels.push(label);
  };
  addEdge(START, graph.initial ?? 'entry.submitting', 'open');
  for (const t of graph.transitions) if (t.from !== '*') addEdge(t.from, t.to, `${t.event}${t.guard ? ` [${t.guard}]` : ''}`);
  for (const p of path) addEdge(p.from === 'none' ? START : p.from, p.to, 'taken');
  for (const e of edges.values()) g.setEdge(e.from, e.to, { minlen: 1 });
  dagre.layout(g);

  const { width, height } = g.graph();
  const parts = [];
  // Clusters, outermost first (dagre gives compound nodes a box too).
  const depth = (id) => id.split('.').length;
  for (const id of [...compound].sort((a, b) => depth(a) - depth(b))) {
    const n = g.node(id);
    if (!n?.width) continue;
    parts.push(`<g class="cluster" data-state="${esc(id)}"><rect x="${n.x - n.width / 2}" y="${n.y - n.height / 2}" width="${n.width}" height="${n.height}" rx="8"/><text x="${n.x - n.width / 2 + 8}" y="${n.y - n.height / 2 + 13}">${esc(id)}</text></g>`);
  }
  for (const e of edges.values()) {
    const pts = g.edge(e.from, e.to)?.points ?? [];
    if (!pts.length) continue;
    const d = pts.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join('');
    const isTaken = taken.has(`${e.from}→${e.to}`);
    const title = [...new Set(e.labels.filter((l) => l !== 'taken'))].join('\n');
    parts.push(`<g class="edge${isTaken ? ' taken' : ''}" data-from="${esc(e.from)}" data-to="${esc(e.to)}"><title>${esc(`${e.from} → ${e.to}\n${title}`)}</title><path d="${d}" marker-end="url(#${isTaken ? 'arrow-taken' : 'arrow'})"/></g>`);
  }
  for (const id of g.nodes()) {
    if (compound.has(id)) continue;
    const n = g.node(id);
    const cls = ['node', visited.has(id) ? 'visited' : '', id === current ? 'current' : ''].filter(Boolean).join(' ');
    parts.push(`<g class="${cls}" data-state="${esc(id)}"><title>${esc(id)}</title><rect x="${n.x - n.width / 2}" y="${n.y - n.height / 2}" width="${n.width}" height="${n.height}" rx="${id === START ? 11 : 5}"/><text x="${n.x}" y="${n.y}">${esc(n.label)}</text></g>`);
  }
  const defs = `<defs>
    <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#c3cad6"/></marker>
    <marker id="arrow-taken" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#e07a1f"/></marker></defs>`;
  return `<svg class="machine" data-testid="machine" data-current="${esc(current)}" viewBox="0 0 ${Math.ceil(width)} ${Math.ceil(height)}" width="${Math.ceil(width)}" height="${Math.ceil(height)}" role="img" aria-label="position machine, current state ${esc(current)}">${defs}${parts.join('')}</svg>`;
}
