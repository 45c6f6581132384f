// One position: rules now (each rule on the last tick's facts), the machine diagram, the timeline of transitions (rule, decision, key facts), legs, facts now,
// P&L and lineage, and the manual override buttons (they need the API token).
import { get, post, token } from './api.js';
import { cents, dollars, esc, factValue, num, pct, signClass, time } from './format.js';
import { mountMachine } from './machine.js';
import { rulesNowHtml } from './rules.js';

export function positionView(root, id) {
  root.innerHTML = `<p><a href="#/">← overview</a></p>
    <div class="card" style="margin-bottom:16px"><h2 id="title">${esc(id)}</h2><div id="summary"></div></div>
    <section class="card" style="margin-bottom:16px"><h2>Rules now <span class="muted" id="rules-time"></span></h2><div id="rules" class="scroll-x"></div></section>
    <section class="card" style="margin-bottom:16px"><h2>Machine</h2><div class="machine-wrap" id="machine" data-testid="machine-box"></div>
      <p class="muted notice">Filled: the current state. Orange: the states and transitions this position went through. A state marked ▸ has substates: click it to expand (click its box to collapse). Hover an arrow for its events and guards, a state to light its arrows.</p></section>
    <div class="grid">
      <section class="card"><h2>Transitions</h2><ol class="timeline" id="timeline" data-testid="timeline"></ol></section>
      <section class="card"><h2>Legs</h2><div id="legs"></div><h2 style="margin-top:12px">Facts now</h2><div id="facts"></div></section>
      <section class="card"><h2>Override</h2><div id="override"></div></section>
      <section class="card"><h2>Roll lineage and orders</h2><div id="lineage"></div></section>
    </div>`;
  const $ = (x) => root.querySelector(`#${x}`);
  const machine = mountMachine($('machine'));

  const render = async () => {
    const path = `/api/positions/${encodeURIComponent(id)}`;
    const [d, m, r] = await Promise.all([get(path), get(`${path}/machine`), get(`${path}/rules`)]);
    $('rules').innerHTML = rulesNowHtml(r);
    $('rules-time').textContent = r.factsTime ? `· tick ${r.tickSeq} · ${time(r.factsTime)}` : '';
    const p = d.position;
    $('title').textContent = `${p.id} · ${p.strategy} · ${p.underlying}`;
    $('summary').innerHTML = `<div class="stats">
      <div class="stat"><b><span class="pill">${esc(d.state)}</span>${d.hold ? ' <span class="pill REDUCING">hold</span>' : ''}</b><span>state</span></div>
      <div class="stat"><b class="${signClass(d.pnl.pnl)}">${esc(dollars(d.pnl.pnl))}</b><span>P&amp;L now (${esc(pct(d.pnl.pnlPct))})</span></div>
      <div class="stat"><b>${esc(cents(p.creditCents))}</b><span>entry credit (+) / debit (−)</span></div>
      <div class="stat"><b>${esc(cents(d.pnl.realizedPnlCents))}</b><span>realised</span></div>
      <div class="stat"><b>${esc(p.contracts)}</b><span>contracts</span></div>
      <div class="stat"><b>${esc(time(p.openedAt))}</b><span>opened</span></div>
      <div class="stat"><b>${esc(p.configVersion)}</b><span>config version</span></div></div>`;
    machine.draw(m);
    $('timeline').innerHTML = m.history.map((t) => `<li class="${t.decision ? 'with-decision' : ''}" data-from="${esc(t.from)}" data-to="${esc(t.to)}">
      <span class="muted">${esc(time(t.tickTime))}</span> <b>${esc(t.from)} → ${esc(t.to)}</b> <span class="muted">on ${esc(t.event)}</span>
      ${t.decision ? `<div>rule <b>${esc(t.rule)}</b> decided <b>${esc(t.decision.action)}</b> (${esc(t.decision.outcome)}${t.decision.preempted?.length ? `; pre-empted ${esc(t.decision.preempted.join(', '))}` : ''})</div>` : ''}
      ${Object.keys(t.facts ?? {}).length ? `<div class="facts">${Object.entries(t.facts).map(([k, v]) => `${esc(k)}=${esc(factValue(v))}`).join(' · ')}</div>` : ''}</li>`).join('') || '<li class="muted">No transitions recorded yet.</li>';
    $('legs').innerHTML = `<table><thead><tr><th>contract</th><th class="num">qty</th><th class="num">avg price</th></tr></thead><tbody>${d.legs.map((l) => `<tr><td>${esc(l.contract.underlying)} ${esc(l.contract.expiry)} ${esc(l.contract.right)} ${esc(l.contract.strike)}</td><td class="num">${esc(l.quantity)}</td><td class="num">${esc(num(l.avgPrice))}</td></tr>`).join('')}</tbody></table>`;
    $('facts').innerHTML = d.facts
      ? `<div class="facts-grid">${Object.entries(d.facts).map(([k, v]) => `<div>${esc(k)} = <b>${esc(factValue(v))}</b></div>`).join('')}</div>`
      : '<p class="muted">No facts this tick (closed, or not marked yet).</p>';
    $('lineage').innerHTML = `<p>root ${esc(d.lineage.rootId)} · rolls ${esc(d.lineage.rollCount)}${d.lineage.parentId ? ` · rolled from <a href="#/positions/${encodeURIComponent(d.lineage.parentId)}">${esc(d.lineage.parentId)}</a>` : ''}</p>
      <ul class="list">${d.lineage.chain.map((c) => `<li><a href="#/positions/${encodeURIComponent(c.id)}">${esc(c.id)}</a> ${esc(c.state)} ${c.realizedPnlCents !== null ? esc(cents(c.realizedPnlCents)) : ''}</li>`).join('')}</ul>
      <table><thead><tr><th>order</th><th>purpose</th><th>status</th><th class="num">limit</th><th class="num">filled</th></tr></thead><tbody>${d.orders.map((o) => `<tr><td>${esc(o.clientOrderId)}</td><td>${esc(o.purpose)}</td><td>${esc(o.status)}</td><td class="num">${esc(num(o.limitPrice))}</td><td class="num">${esc(o.filled)}/${esc(o.quantity)}</td></tr>`).join('')}</tbody></table>`;
    renderOverride(d.live);
  };

  const renderOverride = (live) => {
    const box = $('override');
    if (box.dataset.ready === String(live)) return;
    box.dataset.ready = String(live);
    if (!live) {
      box.innerHTML = '<p class="muted">This position is closed: nothing to override.</p>';
      return;
    }
    box.innerHTML = `<p class="muted">Commands apply at the next tick. They need the API token (printed as a file path by <code>tickwise start</code>).</p>
      <div class="buttons"><input type="password" id="token" placeholder="API token" autocomplete="off"></div>
      <div class="buttons" style="margin-top:8px">
        <button data-cmd="hold" title="rules stop acting on this position">hold</button>
        <button data-cmd="release">release</button>
        <button data-cmd="roll">roll</button>
        <button data-cmd="close" class="danger">close</button></div>
      <p class="notice" id="notice"></p>`;
    const input = box.querySelector('#token');
    input.value = token.get();
    input.addEventListener('change', () => token.set(input.value.trim()));
    for (const b of box.querySelectorAll('button[data-cmd]')) {
      b.addEventListener('click', async () => {
        const cmd = b.dataset.cmd;
        token.set(input.value.trim());
        if (!token.get()) {
          $('notice').innerHTML = '<span class="sev-warning">Enter the API token first.</span>';
          input.focus();
          return;
        }
        if ((cmd === 'close' || cmd === 'roll') && !confirm(`${cmd} ${id} at the next tick?`)) return;
        try {
          const r = await post(`/api/positions/${encodeURIComponent(id)}/${cmd}`, {});
          $('notice').textContent = `queued ${r.queued.type}: applies at the ${r.appliesAt}`;
        } catch (e) {
          $('notice').innerHTML = `<span class="sev-critical">${esc(e.code ?? '')} ${esc(e.message)}</span>`;
        }
      });
    }
  };

  render().catch((e) => {
    root.insertAdjacentHTML('afterbegin', `<p class="sev-critical">${esc(e.message)}${e.hint ? ` (${esc(e.hint)})` : ''}</p>`);
  });
  let pending = false;
  return {
    onEvent(type, data) {
      const mine = (type === 'transition' && data.positionId === id) || type === 'tick';
      if (!mine || pending) return;
      pending = true;
      setTimeout(() => render().catch(() => undefined).finally(() => (pending = false)), type === 'tick' ? 2000 : 300);
    },
  };
}
