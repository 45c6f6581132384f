// The equity curve as an SVG line (no chart library), and the same curve with its drawdown below it.
import { cents, esc, time } from './format.js';

function scale(points, key, width, height, pad) {
  const xs = points.map((p) => p.time);
  const ys = points.map((p) => p[key]);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (y0 === y1) [y0, y1] = [y0 - 100, y1 + 100];
  const sx = (x) => pad.l + ((x - x0) / Math.max(1, x1 - x0)) * (width - pad.l - pad.r);
  const sy = (y) => pad.t + (1 - (y - y0) / (y1 - y0)) * (height - pad.t - pad.b);
  return { x0, x1, y0, y1, sx, sy };
}

export function equityChart(points, { width = 640, height = 160 } = {}) {
  if (!points.length) return '<p class="muted">No equity yet: it is recorded with every tick.</p>';
  const pad = { l: 64, r: 8, t: 8, b: 18 };
  const { x0, x1, y0, y1, sx, sy } = scale(points, 'equityCents', width, height, pad);
  const line = points.map((p, i) => `${i ? 'L' : 'M'}${sx(p.time).toFixed(1)},${sy(p.equityCents).toFixed(1)}`).join('');
  const area = `${line}L${sx(x1).toFixed(1)},${height - pad.b}L${sx(x0).toFixed(1)},${height - pad.b}Z`;
  // The line stretches to the box (preserveAspectRatio none); the labels are HTML over it, so they never stretch.
  const at = (y) => `${((y / height) * 100).toFixed(1)}%`;
  return `<div class="chart-box"><svg class="chart" viewBox="0 0 ${width} ${height}" preserveAspectRatio="none" role="img" aria-label="equity curve">
    <path class="area" d="${area}"/><path class="line" d="${line}"/></svg>
    <span class="axis" style="top:${at(sy(y1) - 6)};left:0">${esc(cents(y1))}</span><span class="axis" style="top:${at(sy(y0) - 12)};left:0">${esc(cents(y0))}</span>
    <span class="axis" style="bottom:0;left:${((pad.l / width) * 100).toFixed(1)}%">${esc(time(x0))}</span><span class="axis" style="bottom:0;right:0">${esc(time(x1))}</span></div>`;
}

/** Drawdown per point: the fall from the running peak, in cents (≤ 0), and as a fraction of that peak. */
export function drawdowns(points) {
  let peak = -Infinity;
  return points.map((p) => {
    peak = Math.max(peak, p.equityCents);
    const dd = p.equityCents - peak;
    return { time: p.time, equityCents: p.equityCents, ddCents: dd, ddPct: peak > 0 ? dd / peak : 0 };
  });
}

/** Equity (top) and drawdown from the running peak (bottom, red), on one time axis. */
export function equityDrawdownChart(points, { width = 960, height = 260 } = {}) {
  if (!points.length) return '<p class="muted">No equity yet: it is recorded with every tick.</p>';
  const dd = drawdowns(points);
  const worst = dd.reduce((w, d) => (d.ddCents < w.ddCents ? d : w), dd[0]);
  const top = equityChart(points, { width, height: Math.round(height * 0.62) });
  const h = height - Math.round(height * 0.62);
  const pad = { l: 64, r: 8, t: 4, b: 16 };
  const { x0, x1, sx } = scale(points, 'equityCents', width, h, pad);
  const lo = Math.min(-100, worst.ddCents);
  const sy = (y) => pad.t + (y / lo) * (h - pad.t - pad.b);
  const line = dd.map((d, i) => `${i ? 'L' : 'M'}${sx(d.time).toFixed(1)},${sy(d.ddCents).toFixed(1)}`).join('');
  const area = `${line}L${sx(x1).toFixed(1)},${sy(0)}L${sx(x0).toFixed(1)},${sy(0)}Z`;
  const bottom = `<div class="chart-box"><svg class="chart drawdown" data-testid="drawdown" viewBox="0 0 ${width} ${h}" preserveAspectRatio="none" role="img" aria-label="drawdown">
    <path class="area" d="${area}"/><path class="line" d="${line}"/></svg>
    <span class="axis" style="top:0;left:0">$0</span><span class="axis" style="bottom:12px;left:0">${esc(cents(lo))}</span></div>`;
  const caption = `<p class="muted notice" data-testid="max-drawdown">Max drawdown ${esc(cents(worst.ddCents))} (${(worst.ddPct * 100).toFixed(2)}%) at ${esc(time(worst.time))}.</p>`;
  return `${top}${bottom}${caption}`;
}
