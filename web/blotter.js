// The blotter (#/blotter): closed trades with realised P&L and exit rule, P&L by strategy and by exit rule, every
// fill, the equity curve with its drawdown; filters by strategy, exit rule and date; CSV export of trades and fills.
import { get } from './api.js';
import { equityDrawdownChart } from './chart.js';
import { download, FILL_COLUMNS, toCsv, TRADE_COLUMNS } from './csv.js';
import { cents, esc, num, signClass, time } from './format.js';

// Dates are exchange dates (New York): a day runs from its midnight ET (EST offset; the filter is a day's grain).
const dayStart = (d) => (d ? Date.parse(`${d}T00:00:00-05:00`) : null);
const dayEnd = (d) => (d ? Date.parse(`${d}T23:59:59.999-05:00`) : null);

function query(f) {
  const q = new URLSearchParams();
  if (f.strategy) q.set('strategy', f.strategy);
  if (f.rule) q.set('rule', f.rule);
  if (dayStart(f.from) !== null) q.set('from', String(dayStart(f.from)));
  if (dayEnd(f.to) !== null) q.set('to', String(dayEnd(f.to)));
  const s = q.toString();
  return s ? `?${s}` : '';
}

const groupTable = (rows, what, testid) => rows.length
  ? `<table data-testid="${testid}"><thead><tr><th>${what}</th><th class="num">trades</th><th class="num">wins</th><th class="num">realised P&amp;L</th></tr></thead><tbody>${rows.map((g) => `<tr data-key="${esc(g.key)}"><td>${esc(g.key)}</td><td class="num">${esc(g.trades)}</td><td class="num">${esc(g.wins)}</td><td class="num ${signClass(g.pnlCents)}">${esc(cents(g.pnlCents))}</td></tr>`).join('')}</tbody></table>`
  : '<p class="muted">No closed trades.</p>';

export function blotterView(root) {
  const f = { strategy: '', rule: '', from: '', to: '' };
  let data = { trades: [], fills: [] };
  root.innerHTML = `<div class="card filters" style="margin-bottom:16px"><h2>Blotter</h2>
      <form id="filters" class="buttons">
        <label>strategy <select id="f-strategy" name="strategy"><option value="">all</option></select></label>
        <label>exit rule <select id="f-rule" name="rule"><option value="">all</option></select></label>
        <label>from <input type="date" id="f-from" name="from"></label>
        <label>to <input type="date" id="f-to" name="to"></label>
        <span class="spacer"></span>
        <button type="button" id="csv-trades">trades CSV</button><button type="button" id="csv-fills">fills CSV</button>
      </form><div class="stats" id="totals" style="margin-top:10px"></div></div>
    <div class="grid">
      <section class="card wide"><h2>Equity and drawdown</h2><div id="equity"></div></section>
      <section class="card"><h2>P&amp;L by strategy</h2><div id="by-strategy" class="scroll-x"></div></section>
      <section class="card"><h2>P&amp;L by exit rule</h2><div id="by-rule" class="scroll-x"></div></section>
      <section class="card wide"><h2>Closed trades</h2><div id="trades" class="scroll-x"></div></section>
      <section class="card wide"><h2>Fills</h2><div id="fills" class="scroll-x"></div></section>
    </div>`;
  const $ = (id) => root.querySelector(`#${id}`);
  const options = (sel, values) => {
    const keep = sel.value;
    sel.innerHTML = `<option value="">all</option>${values.map((v) => `<option value="${esc(v)}">${esc(v)}</option>`).join('')}`;
    sel.value = values.includes(keep) ? keep : '';
  };

  const render = async () => {
    const q = query(f);
    const [t, fills, equity] = await Promise.all([get(`/api/blotter/trades${q}`), get(`/api/blotter/fills${q}`), get('/api/equity?points=600')]);
    data = { trades: t.trades, fills };
    options($('f-strategy'), t.strategies);
    options($('f-rule'), t.rules);
    const wins = t.trades.filter((x) => (x.realizedPnlCents ?? 0) > 0).length;
    $('totals').innerHTML = [
      ['realised P&L', `<span class="${signClass(t.totalPnlCents)}" data-testid="total-pnl">${esc(cents(t.totalPnlCents))}</span>`],
      ['closed trades', `<span data-testid="trade-count">${esc(t.trades.length)}</span>`],
      ['win rate', t.trades.length ? `${((wins / t.trades.length) * 100).toFixed(0)}%` : '—'],
      ['fills', esc(fills.length)],
    ].map(([k, v]) => `<div class="stat"><b>${v}</b><span>${k}</span></div>`).join('');
    $('equity').innerHTML = equityDrawdownChart(equity);
    $('by-strategy').innerHTML = groupTable(t.byStrategy, 'strategy', 'by-strategy');
    $('by-rule').innerHTML = groupTable(t.byRule, 'exit rule', 'by-rule');
    $('trades').innerHTML = t.trades.length
      ? `<table data-testid="trades"><thead><tr><th>position</th><th>strategy</th><th>opened</th><th>closed</th><th>exit rule</th><th>outcome</th><th class="num">credit</th><th class="num">commission</th><th class="num">realised P&amp;L</th></tr></thead><tbody>${t.trades.map((x) => `<tr data-id="${esc(x.id)}">
          <td><a href="#/positions/${encodeURIComponent(x.id)}">${esc(x.id)}</a></td><td>${esc(x.strategy)}</td><td>${esc(time(x.openedAt))}</td><td>${esc(time(x.closedAt))}</td>
          <td>${esc(x.closeRule ?? '—')}</td><td class="muted">${esc(x.outcome ?? '')}</td><td class="num">${esc(cents(x.creditCents))}</td><td class="num">${esc(cents(x.commissionCents))}</td>
          <td class="num ${signClass(x.realizedPnlCents)}">${esc(cents(x.realizedPnlCents))}</td></tr>`).join('')}</tbody></table>`
      : '<p class="muted">No closed trades match.</p>';
    $('fills').innerHTML = fills.length
      ? `<table data-testid="fills"><thead><tr><th>time</th><th>position</th><th>order</th><th class="num">qty</th><th class="num">net price</th><th class="num">commission</th><th>legs</th></tr></thead><tbody>${fills.map((x) => `<tr>
          <td>${esc(time(x.time))}</td><td><a href="#/positions/${encodeURIComponent(x.positionId)}">${esc(x.positionId)}</a></td><td class="muted">${esc(x.clientOrderId)}</td>
          <td class="num">${esc(x.quantity)}</td><td class="num">${esc(num(x.netPrice))}</td><td class="num">${esc(cents(x.commissionCents))}</td>
          <td class="muted legs">${x.legs.map((l) => `${esc(l.side)} ${esc(l.quantity)} ${esc(l.key)} @ ${esc(num(l.price))}`).join('<br>')}</td></tr>`).join('')}</tbody></table>`
      : '<p class="muted">No fills match.</p>';
  };
  const fail = (e) => root.insertAdjacentHTML('afterbegin', `<p class="sev-critical">${esc(e.message)}${e.hint ? ` (${esc(e.hint)})` : ''}</p>`);

  $('filters').addEventListener('change', (e) => {
    f[e.target.name] = e.target.value;
    render().catch(fail);
  });
  $('csv-trades').addEventListener('click', () => download('tickwise-trades.csv', toCsv(data.trades, TRADE_COLUMNS)));
  $('csv-fills').addEventListener('click', () => download('tickwise-fills.csv', toCsv(data.fills, FILL_COLUMNS)));
  render().catch(fail);

  let pending = false;
  return {
    onEvent(type) {
      if (type !== 'tick' || pending) return;
      pending = true;
      setTimeout(() => render().catch(() => undefined).finally(() => (pending = false)), 2000);
    },
  };
}
