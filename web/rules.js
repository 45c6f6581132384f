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
  const pad = `style="padding-left:${8 + c.depth * 16}px"`;
  if (c.kind !== 'leaf') return `<tr class="group"><td ${pad}>${mark(c.result)} <b>${esc(c.kind)}</b></td><td></td><td></td><td></td></tr>`;
  const prev = c.previousValue !== undefined ? ` <span class="muted">(was ${esc(factValue(c.previousValue))})</span>` : '';
  return `<tr class="leaf" data-fact="${esc(c.fact)}" data-value="${esc(JSON.stringify(c.factValue))}">
    <td ${pad}>${mark(c.result)} <code>${esc(c.text)}</code></td>
    <td class="num now"><b>${esc(factValue(c.factValue))}</b>${prev}</td>
    <td class="num muted">/ ${esc(factValue(c.threshold))}</td><td class="bar">${bar(c)}</td></tr>`;
}

/** The rules-now answer as HTML: one block per rule, matched ones marked. */
export function rulesNowHtml(body) {
  if (!body.rules.length) return `<p class="muted">${esc(body.note ?? 'No rule applies.')}</p>`;
  const note = body.note ? `<p class="notice sev-warning" data-testid="rules-note">${esc(body.note)}</p>` : '';
  return `${note}<table class="rules-now" data-testid="rules-now"><thead><tr><th>rule · condition</th><th class="num">now</th><th class="num">threshold</th><th>how close</th></tr></thead>
    ${body.rules.map((r) => `<tbody class="rule${r.matched ? ' matched' : ''}" data-testid="rule-now" data-rule="${esc(r.rule)}" data-matched="${r.matched}">
      <tr class="head"><td colspan="4"><span class="order">${r.order + 1}</span> <b>${esc(r.rule)}</b>
        <span class="muted">priority ${esc(r.priority)} → ${esc(r.action)}</span>
        ${r.matched ? '<span class="pill matched">matches now</span>' : '<span class="pill idle">not yet</span>'}</td></tr>
      ${r.conditions.map(conditionRow).join('')}</tbody>`).join('')}</table>`;
}
