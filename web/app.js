// The visualizer's entry: a hash router (#/ and #/positions/:id), the header and state banner, and one live stream for
// every view.
import { get, stream } from './api.js';
import { esc, time } from './format.js';
import { overviewView } from './overview.js';
import { positionView } from './position.js';

const root = document.getElementById('view');
let current = null;

function route() {
  const m = /^#\/positions\/(.+)$/.exec(location.hash);
  current = m ? positionView(root, decodeURIComponent(m[1])) : overviewView(root);
  window.scrollTo(0, 0);
}

function header(s) {
  const ts = document.getElementById('trading-state');
  ts.textContent = s.tradingState;
  ts.className = `pill ${s.tradingState}`;
  renderBanner(document.getElementById('banner'), s);
  document.getElementById('config-version').textContent = s.configVersion;
  document.getElementById('last-tick').textContent = s.lastTickTime ? `tick ${s.seq ?? s.lastTickSeq} · ${time(s.lastTickTime ?? s.time)}` : 'no tick yet';
}

// The state banner above every page: DEGRADED (bad market data) with its since and reasons, and which rules halt
// entries since when (the trading-state pill alone says ACTIVE while a halt-entries rule blocks entries).
function renderBanner(el, s) {
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

window.addEventListener('hashchange', route);
route();
get('/api/health').then((h) => header({ ...h, seq: h.lastTickSeq })).catch((e) => {
  root.insertAdjacentHTML('afterbegin', `<p class="sev-critical">${esc(e.message)}</p>`);
});
stream(
  (type, data) => {
    if (type === 'tick') header({ tradingState: data.tradingState, degraded: data.degraded, entriesHalted: data.entriesHalted, configVersion: data.configVersion, seq: data.seq, lastTickTime: data.time });
    if (type === 'hello') header(data);
    // The server could not replay what this page missed while reconnecting: draw the view again from the API.
    if (type === 'reset') return route();
    current?.onEvent(type, data);
  },
  (state) => {
    const el = document.getElementById('live');
    el.textContent = state === 'live' ? 'live' : 'reconnecting';
    el.className = `pill ${state}`;
  },
);
