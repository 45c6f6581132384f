// The alerts panel (#/alerts): every alert newest first with its severity, time, source, message, position and
// delivery per channel; filters by severity and "unacknowledged only"; an Acknowledge button (with an optional note)
// that POSTs /api/alerts/{id}/ack and then shows who and when. Also the nav badge: the unacknowledged count.
import { get, post, token } from './api.js';
import { esc, time } from './format.js';

const LIMIT = 1000;
const BY_KEY = 'tickwise-ack-by';
// Who acknowledged what in this tab, until the next refresh brings the API's acknowledgedBy / acknowledgementNote.
const acks = new Map();

const unacknowledged = (alerts) => alerts.filter((a) => a.acknowledgedAt === null || a.acknowledgedAt === undefined).length;

/** Sets the nav badge to `n` unacknowledged alerts (hidden at 0). */
function setBadge(n) {
  const el = document.getElementById('alerts-badge');
  if (!el) return;
  el.textContent = String(n);
  el.hidden = n === 0;
  el.title = `${n} unacknowledged alert${n === 1 ? '' : 's'}`;
}

/** Reads the alerts again and redraws the nav badge. */
export async function refreshAlertsBadge() {
  setBadge(unacknowledged(await get(`/api/alerts?limit=${LIMIT}`)));
}

function deliveriesHtml(rows) {
  if (!rows?.length) return '<span class="muted" title="no channel of alerts.yaml took this alert">—</span>';
  return rows.map((d) => `<span class="delivery ${esc(d.status)}" data-channel="${esc(d.channel)}" title="${esc(`${d.attempts} attempt${d.attempts === 1 ? '' : 's'}${d.lastError ? `: ${d.lastError}` : ''}`)}">${esc(d.channel)} · ${esc(d.status)}</span>`).join(' ');
}

function ackHtml(a) {
  if (a.acknowledgedAt === null || a.acknowledgedAt === undefined) {
    return `<form class="ack" data-id="${esc(a.id)}"><input name="note" placeholder="note (optional)" maxlength="2000" aria-label="note"><button type="submit">Acknowledge</button></form>`;
  }
  const mine = acks.get(a.id);
  const by = a.acknowledgedBy ?? mine?.by;
  const note = a.acknowledgementNote ?? mine?.note;
  return `<span class="acked" data-testid="acked">✓ ${by ? `${esc(by)} · ` : ''}${esc(time(a.acknowledgedAt))}${note ? `<br><span class="muted">${esc(note)}</span>` : ''}</span>`;
}

function rowHtml(a, deliveries) {
  return `<tr class="alert-row sev-row-${esc(a.severity)}" data-id="${esc(a.id)}" data-severity="${esc(a.severity)}">
    <td><span class="sev-tag ${esc(a.severity)}">${esc(a.severity)}</span></td>
    <td class="muted">${esc(time(a.time))}</td><td>${esc(a.source)}</td>
    <td class="message">${esc(a.message)}</td>
    <td>${a.positionId ? `<a href="#/positions/${encodeURIComponent(a.positionId)}">${esc(a.positionId)}</a>` : '<span class="muted">—</span>'}</td>
    <td class="deliveries">${deliveriesHtml(deliveries)}</td><td>${ackHtml(a)}</td></tr>`;
}

export function alertsView(root) {
  const f = { severity: '', unacked: false };
  let alerts = [];
  let byAlert = new Map();
  root.innerHTML = `<div class="card filters" style="margin-bottom:16px"><h2>Alerts</h2>
      <form id="alert-filters" class="buttons">
        <label>severity <select id="f-severity" name="severity"><option value="">all</option><option>critical</option><option>warning</option><option>info</option></select></label>
        <label><input type="checkbox" id="f-unacked" name="unacked"> unacknowledged only</label>
        <span class="spacer"></span>
        <label>acknowledge as <input id="ack-by" placeholder="your name (optional)" maxlength="200" autocomplete="off"></label>
        <label>token <input type="password" id="token" placeholder="API token" autocomplete="off"></label>
      </form><div class="stats" id="alert-totals" style="margin-top:10px"></div><p class="notice" id="notice"></p></div>
    <section class="card"><div id="alert-list" class="scroll-x"></div></section>`;
  const $ = (id) => root.querySelector(`#${id}`);
  $('token').value = token.get();
  $('token').addEventListener('change', () => token.set($('token').value.trim()));
  $('ack-by').value = sessionStorage.getItem(BY_KEY) ?? '';
  $('ack-by').addEventListener('change', () => sessionStorage.setItem(BY_KEY, $('ack-by').value.trim()));

  const draw = () => {
    const shown = alerts.filter((a) => (!f.severity || a.severity === f.severity) && (!f.unacked || a.acknowledgedAt === null || a.acknowledgedAt === undefined));
    const count = (s) => alerts.filter((a) => a.severity === s).length;
    $('alert-totals').innerHTML = [
      ['unacknowledged', `<span data-testid="unacked-count">${esc(unacknowledged(alerts))}</span>`],
      ['critical', `<span class="sev-critical">${esc(count('critical'))}</span>`],
      ['warning', `<span class="sev-warning">${esc(count('warning'))}</span>`],
      ['info', esc(count('info'))],
      ['shown', `<span data-testid="shown-count">${esc(shown.length)}</span>`],
    ].map(([k, v]) => `<div class="stat"><b>${v}</b><span>${k}</span></div>`).join('');
    $('alert-list').innerHTML = shown.length
      ? `<table data-testid="alerts" class="alerts"><thead><tr><th>severity</th><th>time</th><th>source</th><th>message</th><th>position</th><th>delivery</th><th>acknowledged</th></tr></thead>
          <tbody>${shown.map((a) => rowHtml(a, byAlert.get(a.id))).join('')}</tbody></table>`
      : `<p class="muted">${alerts.length ? 'No alerts match the filter.' : 'No alerts.'}</p>`;
    setBadge(unacknowledged(alerts));
  };

  const render = async () => {
    const [rows, deliveries] = await Promise.all([get(`/api/alerts?limit=${LIMIT}`), get(`/api/alerts/deliveries?limit=${LIMIT}`)]);
    alerts = rows;
    byAlert = new Map();
    for (const d of deliveries) byAlert.set(d.alertId, [...(byAlert.get(d.alertId) ?? []), d]);
    // Someone is typing a note: keep the table (and the note) as it is; the next refresh draws it.
    if (root.querySelector('#alert-list input:focus')) return setBadge(unacknowledged(alerts));
    draw();
  };
  const fail = (e) => root.insertAdjacentHTML('afterbegin', `<p class="sev-critical">${esc(e.message)}${e.hint ? ` (${esc(e.hint)})` : ''}</p>`);

  $('alert-filters').addEventListener('change', (e) => {
    if (e.target.name === 'severity') f.severity = e.target.value;
    else if (e.target.name === 'unacked') f.unacked = e.target.checked;
    else return;
    draw();
  });
  $('alert-list').addEventListener('submit', async (e) => {
    e.preventDefault();
    const form = e.target;
    const id = Number(form.dataset.id);
    token.set($('token').value.trim());
    if (!token.get()) {
      $('notice').innerHTML = '<span class="sev-warning">Enter the API token first.</span>';
      $('token').focus();
      return;
    }
    const by = $('ack-by').value.trim();
    const note = form.elements.note.value.trim();
    form.querySelector('button').disabled = true;
    try {
      const r = await post(`/api/alerts/${id}/ack`, { ...(by ? { by } : {}), ...(note ? { note } : {}) });
      acks.set(id, { by: r.by, note: r.note });
      const a = alerts.find((x) => x.id === id);
      if (a) a.acknowledgedAt = r.acknowledgedAt;
      $('notice').textContent = `acknowledged alert ${id}${r.by ? ` as ${r.by}` : ''}`;
      draw();
    } catch (err) {
      form.querySelector('button').disabled = false;
      $('notice').innerHTML = `<span class="sev-critical">${esc(err.code ?? '')} ${esc(err.message)}</span>`;
    }
  });
  render().catch(fail);

  let pending = false;
  return {
    onEvent(type) {
      // A new alert, or a tick (deliveries change between alerts): read both again, at most once in a while.
      if ((type !== 'alert' && type !== 'tick') || pending) return;
      pending = true;
      setTimeout(() => render().catch(() => undefined).finally(() => (pending = false)), type === 'alert' ? 300 : 2000);
    },
  };
}
