// The state banner above every page: HALTED or REDUCING with why and since when (GET /api/trading-state), DEGRADED
// (bad market data) with its since and reasons, and which rules halt entries since when (the trading-state pill alone
// says ACTIVE while a halt-entries rule blocks entries).
import { get } from './api.js';
import { esc, time } from './format.js';

let latched = { state: 'ACTIVE', since: null, reason: null };
let asking = null;

function latchedLine(s) {
  if (latched.state === 'HALTED') {
    return `<p class="banner-stopped" data-testid="banner-latched"><b>HALTED</b>${latched.since ? ` since ${esc(time(latched.since))}` : ''}${latched.reason ? `: ${esc(latched.reason)}` : ''}. Nothing new: only cancels and forced exits (escalation rules, close-all, manual closes). It stays until an operator sets the state back.</p>`;
  }
  if (latched.state === 'REDUCING') {
    return `<p class="banner-reducing" data-testid="banner-latched"><b>REDUCING</b>${latched.since ? ` since ${esc(time(latched.since))}` : ''}${latched.reason ? `: ${esc(latched.reason)}` : ''}. No new entries; rules still close and roll. It stays until an operator sets the state back.</p>`;
  }
  return s.latchedTradingState && s.latchedTradingState !== 'ACTIVE' ? `<p class="banner-stopped" data-testid="banner-latched"><b>${esc(s.latchedTradingState)}</b></p>` : '';
}

function render(el, s) {
  const parts = [latchedLine(s)].filter(Boolean);
  const d = s.degraded;
  if (d) {
    const reasons = (d.reasons ?? []).map((r) => esc(r.message)).join('; ');
    parts.push(s.tradingState === 'DEGRADED'
      ? `<p class="banner-degraded" data-testid="banner-degraded"><b>DEGRADED</b> since ${esc(time(d.since))}: ${reasons}. No new entries; exits run on good marks. It clears by itself when the data recovers.</p>`
      : `<p class="banner-degraded" data-testid="banner-degraded"><b>Market data degraded</b> since ${esc(time(d.since))}: ${reasons}. The trading state stays ${esc(s.tradingState)}.</p>`);
  }
  const h = s.entriesHalted;
  if (h) parts.push(`<p class="banner-halted" data-testid="banner-halted"><b>Entries halted</b> by ${h.by.map(esc).join(', ')} since ${esc(time(h.since))}.</p>`);
  el.innerHTML = parts.join('');
  el.hidden = parts.length === 0;
}

/**
 * Draws the banner from a status (health body, hello or tick frame). When the latched state differs from what the
 * banner knows, it asks /api/trading-state for since and why first (once at a time).
 */
export function renderBanner(el, s) {
  if (!('degraded' in s) && !('entriesHalted' in s)) return;
  const want = s.latchedTradingState ?? 'ACTIVE';
  if (want === latched.state) return render(el, s);
  if (want === 'ACTIVE') {
    latched = { state: 'ACTIVE', since: null, reason: null };
    return render(el, s);
  }
  asking ??= get('/api/trading-state')
    .then((t) => (latched = { state: t.latchedTradingState, since: t.since, reason: t.reason }))
    .catch(() => (latched = { state: want, since: null, reason: null }))
    .finally(() => (asking = null));
  asking.then(() => render(el, s));
}
