// "Rules now": every rule that applies (a position's, or the portfolio's), in evaluation order, on the last tick's
// facts: whether it matches, and each condition's fact against its threshold with a bar for how close it is.
import { esc, factValue } from './format.js';

const mark = (r) => (r === true ? '<span class="ok" title="holds">✓</span>' : r === false ? '<span class="no" title="does not hold">✗</span>' : '<span class="muted" title="not evaluated">·</span>');

function bar(c) {
  if (c.progress === null || c.progress === undefined) return '';
  const p = Math.round(c.progress * 100);
  return `<span class="progress${c.result ? ' reached' : p >= 80 ? ' near' : ''}" title="${p}% of the way to the threshold"><i style="width:${p}%"></i></span>`;
}

function conditionRow(c) {
  const pad = `style="padding-left:${c.depth * 14}px"`;
  if (c.kind !== 'leaf') return `<tr class="group"><td ${pad} colspan="3">${mark(c.result)} <b>${esc(c.kind)}</b></td></tr>`;
  const prev = c.previousValue !== undefined ? ` <span class="muted">(was ${esc(factValue(c.previousValue))})</span>` : '';
  return `<tr class="leaf" data-fact="${esc(c.fact)}" data-value="${esc(JSON.stringify(c.factValue))}">
    <td ${pad}>${mark(c.result)} <code>${esc(c.text)}</code></td>
    <td class="num now" title="the fact now / the threshold"><b>${esc(factValue(c.factValue))}</b>${prev} <span class="muted">/ ${esc(factValue(c.threshold))}</span></td>
    <td class="bar">${bar(c)}</td></tr>`;
}

/** The rules-now answer as HTML: one card per rule in evaluation order, matched ones marked. */
export function rulesNowHtml(body) {
  if (!body.rules.length) return `<p class="muted">${esc(body.note ?? 'No rule applies.')}</p>`;
  const note = body.note ? `<p class="notice sev-warning" data-testid="rules-note">${esc(body.note)}</p>` : '';
  return `${note}<div class="rules-now" data-testid="rules-now">${body.rules.map((r) => `<div class="rule${r.matched ? ' matched' : ''}" data-testid="rule-now" data-rule="${esc(r.rule)}" data-matched="${r.matched}">
      <div class="head"><span class="order">${r.order + 1}</span> <b>${esc(r.rule)}</b> <span class="muted">${esc(r.priority)} → ${esc(r.action)}</span>
        ${r.matched ? '<span class="pill matched">matches now</span>' : ''}</div>
      <table>${r.conditions.slice(r.conditions.length > 1 && r.conditions[0].kind === 'all' ? 1 : 0).map((c) => conditionRow(r.conditions[0].kind === 'all' && c.depth > 0 ? { ...c, depth: c.depth - 1 } : c)).join('')}</table></div>`).join('')}</div>`;
}
