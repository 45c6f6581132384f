// The equity curve as an SVG line (no chart library).
import { cents, esc, time } from './format.js';

export function equityChart(points, { width = 640, height = 160 } = {}) {
  if (!points.length) return '<p class="muted">No equity yet: it is recorded with every tick.</p>';
  const pad = { l: 64, r: 8, t: 8, b: 18 };
  const xs = points.map((p) => p.time);
  const ys = points.map((p) => p.equityCents);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (y0 === y1) [y0, y1] = [y0 - 100, y1 + 100];
  const sx = (x) => pad.l + ((x - x0) / Math.max(1, x1 - x0)) * (width - pad.l - pad.r);
  const sy = (y) => pad.t + (1 - (y - y0) / (y1 - y0)) * (height - pad.t - pad.b);
  const line = points.map((p, i) => `${i ? 'L' : 'M'}${sx(p.time).toFixed(1)},${sy(p.equityCents).toFixed(1)}`).join('');
  const area = `${line}L${sx(x1).toFixed(1)},${height - pad.b}L${sx(x0).toFixed(1)},${height - pad.b}Z`;
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" preserveAspectRatio="none" role="img" aria-label="equity curve">
    <path class="area" d="${area}"/><path class="line" d="${line}"/>
    <text x="4" y="${sy(y1) + 4}">${esc(cents(y1))}</text><text x="4" y="${sy(y0)}">${esc(cents(y0))}</text>
    <text x="${pad.l}" y="${height - 4}">${esc(time(x0))}</text><text x="${width - pad.r}" y="${height - 4}" text-anchor="end">${esc(time(x1))}</text>
  </svg>`;
}
