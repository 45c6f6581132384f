// Formatting and tiny DOM helpers for the visualizer (no framework).
export function esc(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

export function cents(v) {
  if (v === null || v === undefined) return '—';
  const sign = v < 0 ? '-' : '';
  return `${sign}$${(Math.abs(v) / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export function dollars(v) {
  return v === null || v === undefined ? '—' : cents(Math.round(v * 100));
}

export function pct(v) {
  return v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`;
}

export function num(v, digits = 2) {
  return v === null || v === undefined ? '—' : Number(v).toFixed(digits);
}

export function signClass(v) {
  return v > 0 ? 'pos' : v < 0 ? 'neg' : '';
}

/** Exchange-agnostic UTC time, minutes precision (the engine's clock is simulated, not the browser's). */
export function time(ms) {
  return ms === null || ms === undefined ? '—' : new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + 'Z';
}

export function factValue(v) {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(Math.abs(v) < 1 ? 4 : 2);
  return v === null || v === undefined ? '—' : String(v);
}
