// The position machine drawn as a graph: dagre lays it out in the browser (served from node_modules, offline). By
// default only the top-level states (entry, managed, rolling, closing, closed) are drawn; a compound state expands
// into a box around its substates on click (and collapses again on a click on its box). The current state
// is filled, the path taken is drawn in orange, and the drawing scales to its box's width.
import dagre from '/vendor/dagre.esm.js';
import { esc } from './format.js';

const START = '(start)';
const short = (id) => (id === START ? 'start' : id.split('.').at(-1));
const ancestors = (id) => id.split('.').slice(0, -1).map((_, i, a) => a.slice(0, i + 1).join('.'));

/** The state that stands for `id` when only `expanded` compound states are open: its outermost closed ancestor. */
export function representative(id, compound, expanded) {
  if (id === START || id === 'none') return START;
  for (const a of ancestors(id)) if (compound.has(a) && !expanded.has(a)) return a;
  return id;
}

/** Layout → SVG string. `graph`, `path`, `current` from /api/positions/:id/machine; `expanded`: open compound ids. */
export function machineSvg({ graph, path, current }, expanded = new Set()) {
  const g = new dagre.graphlib.Graph({ compound: true, multigraph: false });
  g.setGraph({ rankdir: 'LR', nodesep: 30, ranksep: 46, edgesep: 8, marginx: 12, marginy: 12 + (expanded.size ? 18 : 0) });
  g.setDefaultEdgeLabel(() => ({}));
  const compound = new Set(graph.states.filter((s) => s.type === 'compound').map((s) => s.id));
  const rep = (id) => representative(id, compound, expanded);
  const shown = graph.states.filter((s) => rep(s.id) === s.id);
  const cluster = new Set(shown.filter((s) => compound.has(s.id) && expanded.has(s.id)).map((s) => s.id)); // drawn as boxes
  const cur = rep(current);
  for (const s of shown) {
    if (cluster.has(s.id)) g.setNode(s.id, { label: s.id, cluster: true, paddingTop: 20 });
    else {
      const inner = compound.has(s.id) && s.id === cur && current !== s.id ? short(current) : '';
      const label = short(s.id) + (compound.has(s.id) ? ' ▸' : '');
      g.setNode(s.id, { label, inner, width: Math.max(76, Math.max(label.length, inner.length) * 7.5 + 22), height: inner ? 40 : 30 });
    }
  }
  for (const s of shown) if (s.parent && g.hasNode(s.parent)) g.setParent(s.id, s.parent);
  g.setNode(START, { label: 'start', inner: '', width: 52, height: 24 });

  const step = (p) => [rep(p.from === 'none' ? START : p.from), rep(p.to)];
  const visited = new Set(path.flatMap(step));
  const taken = new Set(path.map((p) => step(p).join('→')));
  const edges = new Map();
  const addEdge = (from, to, label) => {
    if (from === to || !g.hasNode(from) || !g.hasNode(to) || cluster.has(from) || cluster.has(to)) return;
    const k = `${from}→${to}`;
    if (!edges.has(k)) edges.set(k, { from, to, labels: [] });
    if (label) edges.get(k).labels.push(label);
  };
  addEdge(START, rep(graph.initial ?? 'entry.submitting'), 'open');
  for (const t of graph.transitions) if (t.from !== '*' && t.to !== '*') addEdge(rep(t.from), rep(t.to), `${t.event}${t.guard ? ` [${t.guard}]` : ''}`);
  for (const p of path) addEdge(...step(p), '');
  for (const e of edges.values()) g.setEdge(e.from, e.to, { minlen: 1 });
  dagre.layout(g);

  const { width, height } = g.graph();
  const parts = [];
  const depth = (id) => id.split('.').length;
  // dagre leaves no room for a box's title: top-level boxes grow upwards by a title band, nested ones carry their
  // title at the bottom edge, so neither hides under an inner box.
  const BAND = 18;
  for (const id of [...cluster].sort((a, b) => depth(a) - depth(b))) {
    const n = g.node(id);
    if (!n?.width) continue;
    const top = n.y - n.height / 2 - (depth(id) === 1 ? BAND : 0);
    const h = n.height + (depth(id) === 1 ? BAND : 0);
    const ty = depth(id) === 1 ? top + 13 : top + h - 6;
    parts.push(`<g class="cluster${current.startsWith(`${id}.`) ? ' holds-current' : ''}" data-state="${esc(id)}" data-toggle="${esc(id)}"><title>${esc(id)}: click its box to collapse</title><rect x="${n.x - n.width / 2}" y="${top}" width="${n.width}" height="${h}" rx="8"/><text x="${n.x - n.width / 2 + 8}" y="${ty}">▾ ${esc(depth(id) === 1 ? id : short(id))}</text></g>`);
  }
  for (const e of edges.values()) {
    const pts = g.edge(e.from, e.to)?.points ?? [];
    if (!pts.length) continue;
    const d = pts.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join('');
    const isTaken = taken.has(`${e.from}→${e.to}`);
    const labels = [...new Set(e.labels)];
    const title = `${short(e.from)} → ${short(e.to)}${isTaken ? ' (taken)' : ''}\n${labels.slice(0, 12).join('\n')}${labels.length > 12 ? `\n… and ${labels.length - 12} more` : ''}`;
    parts.push(`<g class="edge${isTaken ? ' taken' : ''}" data-from="${esc(e.from)}" data-to="${esc(e.to)}"><title>${esc(title)}</title><path class="hit" d="${d}"/><path d="${d}" marker-end="url(#${isTaken ? 'arrow-taken' : 'arrow'})"/></g>`);
  }
  for (const id of g.nodes()) {
    if (cluster.has(id)) continue;
    const n = g.node(id);
    const isCompound = compound.has(id);
    const cls = ['node', visited.has(id) ? 'visited' : '', id === cur ? 'current' : '', isCompound ? 'compound' : ''].filter(Boolean).join(' ');
    const text = n.inner
      ? `<text x="${n.x}" y="${n.y - 7}">${esc(n.label)}</text><text class="inner" x="${n.x}" y="${n.y + 9}">${esc(n.inner)}</text>`
      : `<text x="${n.x}" y="${n.y}">${esc(n.label)}</text>`;
    parts.push(`<g class="${cls}" data-state="${esc(id)}"${isCompound ? ` data-toggle="${esc(id)}"` : ''}><title>${esc(id)}${id === cur && current !== id ? ` (now ${esc(current)})` : ''}${isCompound ? ': click to expand' : ''}</title><rect x="${n.x - n.width / 2}" y="${n.y - n.height / 2}" width="${n.width}" height="${n.height}" rx="${id === START ? 12 : 6}"/>${text}</g>`);
  }
  const defs = `<defs>
    <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#9aa5b8"/></marker>
    <marker id="arrow-taken" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#e07a1f"/></marker></defs>`;
  const w = Math.ceil(width);
  const h = Math.ceil(height);
  // Scales down to the box's width, never up past 1.6× (a small top-level drawing stays crisp, not huge).
  return `<svg class="machine" data-testid="machine" data-current="${esc(current)}" viewBox="0 0 ${w} ${h}" style="max-width:${Math.round(w * 1.6)}px" preserveAspectRatio="xMidYMin meet" role="img" aria-label="position machine, current state ${esc(current)}">${defs}${parts.join('')}</svg>`;
}

/** Draws the machine into `el` and expands/collapses compound states on click; returns a redraw for new data. */
export function mountMachine(el) {
  const expanded = new Set();
  let last = null;
  const draw = () => {
    if (last) el.innerHTML = machineSvg(last, expanded);
  };
  el.addEventListener('click', (e) => {
    const t = e.target.closest('[data-toggle]');
    if (!t) return;
    const id = t.dataset.toggle;
    if (!expanded.has(id)) expanded.add(id);
    else for (const x of [...expanded]) if (x === id || x.startsWith(`${id}.`)) expanded.delete(x);
    draw();
  });
  // Hovering a state lights its own arrows and dims the rest: an expanded box stays readable.
  el.addEventListener('mouseover', (e) => {
    const n = e.target.closest('.node');
    const svg = el.querySelector('svg');
    if (!svg) return;
    svg.classList.toggle('focus', !!n);
    for (const edge of svg.querySelectorAll('.edge')) edge.classList.toggle('lit', !!n && (edge.dataset.from === n.dataset.state || edge.dataset.to === n.dataset.state));
  });
  return {
    draw(m) {
      last = m;
      draw();
    },
    expanded,
  };
}
