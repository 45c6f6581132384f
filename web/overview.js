// The overview: trading state, equity curve, open positions, the portfolio rules now, recent decisions and alerts;
// refreshed on every tick.
import { get } from './api.js';
import { equityChart } from './chart.js';
import { cents, dollars, esc, num, signClass, time } from './format.js';
import { rulesNowHtml } from './rules.js';

const RECENT = 20;

export function overviewView(root) {
  let decisions = [];
  let alerts = [];
  root.innerHTML = `<div class="card" style="margin-bottom:16px"><div class="stats" id="stats"></div></div>
    <div class="grid">
      <section class="card wide"><h2>Open positions</h2><div id="positions" class="scroll-x"></div></section>
      <section class="card"><h2>Equity</h2><div id="equity"></div></section>
      <section class="card"><h2>Portfolio rules now</h2><div id="portfolio-rules" class="scroll-x"></div></section>
      <section class="card"><h2>Recent decisions</h2><ul class="list" id="decisions"></ul></section>
      <section class="card"><h2>Alerts</h2><ul class="list" id="alerts"></ul></section>
    </div>`;
  const $ = (id) => root.querySelector(`#${id}`);

  const renderDecisions = () => {
    $('decisions').innerHTML = decisions.length
      ? decisions.slice(-RECENT).reverse().map((d) => `<li><span class="muted">${esc(time(d.tickTime))}</span> <b>${esc(d.rule)}</b> → ${esc(d.action)} ${d.positionId ? `<a href="#/positions/${encodeURIComponent(d.positionId)}">${esc(d.positionId)}</a>` : '<span class="muted">portfolio</span>'} <span class="muted">${esc(d.outcome)}${d.reason ? `: ${esc(d.reason)}` : ''}</span></li>`).join('')
      : '<li class="muted">No decisions yet.</li>';
  };
  const renderAlerts = () => {
    $('alerts').innerHTML = alerts.length
      ? alerts.slice(0, RECENT).map((a) => `<li class="sev-${esc(a.severity)}"><span class="muted">${esc(time(a.time))}</span> ${esc(a.severity)} · ${esc(a.source)}${a.positionId ? ` · <a href="#/positions/${encodeURIComponent(a.positionId)}">${esc(a.positionId)}</a>` : ''}: ${esc(a.message)}</li>`).join('')
      : '<li class="muted">No alerts.</li>';
  };

  const refresh = async () => {
    const [health, equity, positions, rules] = await Promise.all([get('/api/health'), get('/api/equity?points=400'), get('/api/positions?open=true&limit=1000'), get('/api/rules/portfolio')]);
    $('portfolio-rules').innerHTML = rulesNowHtml(rules);
    $('stats').innerHTML = [
      ['trading state', `<span class="pill ${esc(health.tradingState)}">${esc(health.tradingState)}</span>`],
      ['equity', esc(cents(health.equityCents))],
      ['P&L since start', `<span class="${signClass(health.pnlCents)}">${esc(cents(health.pnlCents))}</span>`],
      ['open positions', esc(health.openPositions)],
      ['broker', esc(health.brokerStatus)],
      ['last tick', `${esc(time(health.lastTickTime))} <span class="muted">#${esc(health.lastTickSeq)}</span>`],
    ].map(([k, v]) => `<div class="stat"><b>${v}</b><span>${k}</span></div>`).join('');
    $('equity').innerHTML = equityChart(equity);
    $('positions').innerHTML = positions.length
      ? `<table data-testid="positions"><thead><tr><th>position</th><th>strategy</th><th>state</th><th class="num">P&amp;L</th><th class="num">DTE</th><th class="num">delta</th></tr></thead><tbody>${positions.map((p) => `<tr>
          <td><a href="#/positions/${encodeURIComponent(p.id)}">${esc(p.id)}</a>${p.hold ? ' <span class="pill">hold</span>' : ''}</td><td>${esc(p.strategy)}</td><td>${esc(p.phase ?? p.state)}</td>
          <td class="num ${signClass(p.pnl)}">${esc(dollars(p.pnl))}</td><td class="num">${esc(num(p.dte, 0))}</td><td class="num">${esc(num(p.delta, 2))}</td></tr>`).join('')}</tbody></table>`
      : '<p class="muted">No open positions.</p>';
    return health;
  };

  const load = async () => {
    const health = await refresh();
    const from = (health.lastTickTime ?? 0) - 3 * 86_400_000;
    const page = await get(`/api/decisions?from=${from}&limit=1000`);
    decisions = page.items;
    alerts = await get(`/api/alerts?limit=${RECENT}`);
    renderDecisions();
    renderAlerts();
  };
  load().catch((e) => {
    root.insertAdjacentHTML('afterbegin', `<p class="sev-critical">${esc(e.message)}${e.hint ? ` (${esc(e.hint)})` : ''}</p>`);
  });

  let pending = false;
  return {
    onEvent(type, data) {
      if (type === 'decision') {
        decisions.push(data);
        if (decisions.length > 500) decisions = decisions.slice(-RECENT);
        renderDecisions();
      } else if (type === 'alert') {
        alerts.unshift(data);
        renderAlerts();
      } else if (type === 'tick' && !pending) {
        pending = true;
        setTimeout(() => refresh().catch(() => undefined).finally(() => (pending = false)), 1000);
      }
    },
  };
}
