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
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" preserveAspectRatio="none" role="img" aria-label="equity curve">
    <path class="area" d="${area}"/><path class="line" d="${line}"/>
    <text x="4" y="${sy(y1) + 4}">${esc(cents(y1))}</text><text x="4" y="${sy(y0)}">${esc(cents(y0))}</text>
    <text x="${pad.l}" y="${height - 4}">${esc(time(x0))}</text><text x="${width - pad.r}" y="${height - 4}" text-anchor="end">${esc(time(x1))}</text>
  </svg>`;
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
  const bottom = `<svg class="chart drawdown" data-testid="drawdown" viewBox="0 0 ${width} ${h}" preserveAspectRatio="none" role="img" aria-label="drawdown">
    <path class="area" d="${area}"/><path class="line" d="${line}"/>
    <text x="4" y="${sy(0) + 8}">$0</text><text x="4" y="${sy(lo) - 2}">${esc(cents(lo))}</text></svg>`;
  const caption = `<p class="muted notice" data-testid="max-drawdown">Max drawdown ${esc(cents(worst.ddCents))} (${(worst.ddPct * 100).toFixed(2)}%) at ${esc(time(worst.time))}.</p>`;
  return `${top}${bottom}${caption}`;
}
