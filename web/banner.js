// The state banner above every page: DEGRADED (bad market data) with its since and reasons, and which rules halt
// entries since when. The trading-state pill alone says ACTIVE while a halt-entries rule blocks entries.
import { esc, time } from './format.js';

export function renderBanner(el, s) {
  if (!('degraded' in s) && !('entriesHalted' in s)) return;
  const parts = [];
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
