// The visualizer's entry: a hash router (#/, #/blotter, #/alerts and #/positions/:id), the header and state banner, and one live stream for
// every view.
import { get, stream } from './api.js';
import { esc, time } from './format.js';
import { alertsView, refreshAlertsBadge } from './alerts.js';
import { renderBanner } from './banner.js';
import { blotterView } from './blotter.js';
import { overviewView } from './overview.js';
import { positionView } from './position.js';

const root = document.getElementById('view');
let current = null;

function route() {
  const m = /^#\/positions\/(.+)$/.exec(location.hash);
  const view = m ? '' : ['#/blotter', '#/alerts'].find((h) => location.hash.startsWith(h)) ?? '#/';
  current = m ? positionView(root, decodeURIComponent(m[1])) : view === '#/blotter' ? blotterView(root) : view === '#/alerts' ? alertsView(root) : overviewView(root);
  for (const a of document.querySelectorAll('nav.views a')) a.classList.toggle('here', a.getAttribute('href') === view);
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

window.addEventListener('hashchange', route);
route();
refreshAlertsBadge().catch(() => undefined);
get('/api/health').then((h) => header({ ...h, seq: h.lastTickSeq })).catch((e) => {
  root.insertAdjacentHTML('afterbegin', `<p class="sev-critical">${esc(e.message)}</p>`);
});
stream(
  (type, data) => {
    if (type === 'tick') header({ tradingState: data.tradingState, latchedTradingState: data.latchedTradingState, degraded: data.degraded, entriesHalted: data.entriesHalted, configVersion: data.configVersion, seq: data.seq, lastTickTime: data.time });
    if (type === 'hello') header(data);
    // The server could not replay what this page missed while reconnecting: draw the view again from the API.
    if (type === 'reset') return route();
    if (type === 'alert') refreshAlertsBadge().catch(() => undefined);
    current?.onEvent(type, data);
  },
  (state) => {
    const el = document.getElementById('live');
    el.textContent = state === 'live' ? 'live' : 'reconnecting';
    el.className = `pill ${state}`;
  },
);
