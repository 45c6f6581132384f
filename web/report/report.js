/* The backtest report page: reads the run's data from <script id="report-data"> and draws it with uPlot (inlined). */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var m = data.metrics.overall;
  var FRACTIONS = { winRate: 1, totalReturn: 1, cagr: 1, annualVolatility: 1, maxDrawdown: 1, exposure: 1 };
  var MONEY = { totalPnl: 1, avgWin: 1, avgLoss: 1, expectancy: 1, commissions: 1 };
  function fmt(name, v) {
    if (v === null || v === undefined) return '–';
    if (FRACTIONS[name]) return (v * 100).toFixed(2) + '%';
    if (MONEY[name]) return v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    return Number.isInteger(v) ? String(v) : v.toFixed(3);
  }
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) { if (k === 'text') e.textContent = attrs[k]; else e.setAttribute(k, attrs[k]); }
    (children || []).forEach(function (c) { e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }
  /** A rule trace as lines (each rule in priority order with its outcome); other traces as compact JSON. */
  function traceText(trace) {
    if (trace && Array.isArray(trace.entries)) {
      return trace.entries.map(function (e) { return '  ' + String(e.priority).padStart(4) + '  ' + e.rule.padEnd(20) + ' ' + e.outcome; }).join('\n') + (trace.decided ? '\n  decided: ' + trace.decided : '');
    }
    return '  ' + JSON.stringify(trace);
  }
  function cls(v) { return v > 0 ? 'pos' : v < 0 ? 'neg' : ''; }
  function table(head, rows, classes) {
    var t = el('table');
    t.appendChild(el('tr', {}, head.map(function (h) { return el('th', { text: h }); })));
    rows.forEach(function (r, i) { t.appendChild(el('tr', {}, r.map(function (c, j) { return el('td', { text: String(c), class: (classes && classes(i, j)) || '' }); }))); });
    return el('div', { class: 'scroll' }, [t]);
  }
  function width(id) { return Math.max(320, document.getElementById(id).clientWidth - 4); }
  var money = function (u, vals) { return vals.map(function (v) { return v == null ? '' : v.toLocaleString('en-US', { maximumFractionDigits: 0 }); }); };
  var pct = function (u, vals) { return vals.map(function (v) { return v == null ? '' : (v * 100).toFixed(1) + '%'; }); };

  // Headline numbers.
  var KPIS = ['totalPnl', 'totalReturn', 'cagr', 'sharpe', 'sortino', 'maxDrawdown', 'maxDrawdownDays', 'trades', 'winRate', 'profitFactor', 'expectancy', 'exposure', 'commissions', 'rolls', 'rejectedOrders', 'unfilledOrders'];
  var kpis = document.getElementById('kpis');
  KPIS.forEach(function (k) { kpis.appendChild(el('div', { class: 'kpi' }, [el('div', { class: 'k', text: k }), el('div', { class: 'v', text: fmt(k, m[k]) })])); });

  // Equity and drawdown.
  var eq = data.equity;
  new uPlot({ width: width('equity'), height: 240, class: 'chart', scales: { x: { time: true } },
    series: [{}, { label: 'equity', stroke: '#2f5fb3', width: 2, value: function (u, v) { return v == null ? '' : v.toFixed(2); } }],
    axes: [{}, { size: 70, values: money }] }, [eq.t, eq.equity], document.getElementById('equity'));
  new uPlot({ width: width('drawdown'), height: 140, class: 'chart', scales: { x: { time: true } },
    series: [{}, { label: 'drawdown', stroke: '#b3261e', fill: 'rgba(179,38,30,0.15)', value: function (u, v) { return v == null ? '' : (v * 100).toFixed(2) + '%'; } }],
    axes: [{}, { size: 70, values: pct }] }, [eq.t, eq.drawdown], document.getElementById('drawdown'));

  // The underlying with entry and exit markers (a marker series is null except at its points).
  var u = data.underlying;
  function markers(points) {
    var at = {}; points.forEach(function (p) { at[p[0]] = p[1]; });
    return u.t.map(function (t) { return t in at ? at[t] : null; });
  }
  new uPlot({ width: width('underlying'), height: 260, class: 'chart', scales: { x: { time: true } },
    series: [{}, { label: u.symbol, stroke: '#444', width: 1.5 },
      { label: 'entry', stroke: '#1b7f4b', width: 0, points: { show: true, size: 10, fill: '#1b7f4b' } },
      { label: 'exit', stroke: '#b3261e', width: 0, points: { show: true, size: 10, fill: '#b3261e' } }],
    axes: [{}, { size: 70 }] }, [u.t, u.price, markers(u.entries), markers(u.exits)], document.getElementById('underlying'));

  // P&L bars by strategy and by exit rule.
  function bars(id, labels, values) {
    var xs = labels.map(function (_, i) { return i; });
    new uPlot({ width: width(id), height: 200, class: 'chart', scales: { x: { time: false, range: [-0.6, labels.length - 0.4] } },
      series: [{ value: function (u, v) { return labels[v] || ''; } }, { label: 'P&L', stroke: '#2f5fb3', fill: 'rgba(47,95,179,0.35)', paths: uPlot.paths.bars({ size: [0.6] }) }],
      axes: [{ values: function (u, vals) { return vals.map(function (v) { return Number.isInteger(v) ? labels[v] || '' : ''; }); }, incrs: [1] }, { size: 70 }] },
      [xs, values], document.getElementById(id));
  }
  var strategies = Object.keys(data.metrics.byStrategy);
  bars('by-strategy', strategies, strategies.map(function (s) { return data.metrics.byStrategy[s].totalPnl; }));
  var rules = Object.keys(data.metrics.byExitRule);
  // The bars show the rules that closed something (a portfolio rule or a roll realises no P&L of its own); the table
  // below lists every rule.
  var closers = rules.filter(function (r) { return data.metrics.byExitRule[r].closes > 0; });
  bars('by-rule', closers, closers.map(function (r) { return data.metrics.byExitRule[r].pnl; }));
  document.getElementById('by-rule-table').appendChild(table(['rule', 'fired', 'applied', 'closes', 'P&L', 'won', 'lost', 'pre-empted'], rules.map(function (r) {
    var s = data.metrics.byExitRule[r]; return [r, s.fired, s.applied, s.closes, fmt('totalPnl', s.pnl), s.won, s.lost, s.preempted];
  }), function (i, j) { return j === 4 ? cls(data.metrics.byExitRule[rules[i]].pnl) : ''; }));

  // Monthly returns.
  var months = Object.keys(data.metrics.byMonth);
  document.getElementById('months').appendChild(table(['month', 'return', 'realised P&L', 'trades closed', 'wins', 'end equity'], months.map(function (k) {
    var x = data.metrics.byMonth[k]; return [k, fmt('totalReturn', x.return), fmt('totalPnl', x.pnl), x.trades, x.wins, fmt('totalPnl', x.endEquity)];
  }), function (i, j) { var x = data.metrics.byMonth[months[i]]; return j === 0 ? 'month' : j === 1 ? cls(x.return) : j === 2 ? cls(x.pnl) : ''; }));

  // All metrics, overall and per strategy.
  var names = Object.keys(m).filter(function (k) { return k in data.metrics.byStrategy[strategies[0]] || !strategies.length; });
  document.getElementById('metrics').appendChild(table(['metric', 'overall'].concat(strategies), names.map(function (k) {
    return [k, fmt(k, m[k])].concat(strategies.map(function (s) { return fmt(k, data.metrics.byStrategy[s][k]); }));
  })));

  // Trades, each opening its decisions and their traces.
  var list = document.getElementById('trades');
  list.appendChild(el('div', { class: 'muted', text: data.trades.length + ' closed trades' + (data.open ? ', ' + data.open + ' still open when the data ended' : '') + '. Click a trade for its fills and decisions.' }));
  list.appendChild(el('div', { class: 'trade-head' }, ['position', 'entry (New York)', 'exit', 'held', 'P&L', 'closing rule'].map(function (h) { return el('span', { text: h }); })));
  data.trades.forEach(function (t) {
    var body = el('div', { class: 'body' }, [el('div', { class: 'muted', text: 'fills' })].concat(t.fills.map(function (f) { return el('div', { text: f }); })));
    t.decisions.forEach(function (d) {
      body.appendChild(el('div', { class: 'decision' }, [
        el('strong', { text: d.time + '  ' + d.rule + ' → ' + d.action }), ' (' + d.outcome + (d.reason ? ': ' + d.reason : '') + ')' + (d.preempted.length ? ', pre-empted ' + d.preempted.join(', ') : ''),
        el('pre', { text: 'facts then: ' + JSON.stringify(d.facts) + '\ntrace:\n' + traceText(d.trace) })]));
    });
    list.appendChild(el('details', { class: 'trade' }, [el('summary', {}, [
      el('span', { text: t.id }), el('span', { text: t.entry }), el('span', { text: t.exit }), el('span', { text: t.days + ' d' }),
      el('span', { class: cls(t.pnl), text: fmt('totalPnl', t.pnl) }), el('span', { text: t.exitRule + (t.rolls ? ' (' + t.rolls + ' roll' + (t.rolls > 1 ? 's' : '') + ')' : '') })]), body]));
  });

  // A/B comparison.
  if (data.comparison) {
    var c = data.comparison, box = document.getElementById('compare');
    box.parentNode.hidden = false;
    box.appendChild(el('p', { text: 'A = ' + c.a.config + ' (' + c.a.version + '), B = ' + c.b.config + ' (' + c.b.version + ')' }));
    box.appendChild(table(['metric', 'A', 'B', 'B − A'], c.metrics.map(function (d) { return [d.metric, fmt(d.metric, d.a), fmt(d.metric, d.b), fmt(d.metric, d.delta)]; })));
    [['only in A', c.onlyA], ['only in B', c.onlyB]].forEach(function (p) {
      box.appendChild(el('h3', { text: 'trades ' + p[0] + ' (' + p[1].length + ')' }));
      p[1].forEach(function (t) { box.appendChild(el('div', { text: t.text })); });
    });
    if (c.firstDifference) {
      box.appendChild(el('h3', { text: 'first decision that differs (#' + (c.firstDifference.index + 1) + ')' }));
      ['a', 'b'].forEach(function (side) {
        var d = c.firstDifference[side];
        box.appendChild(el('div', { class: 'decision' }, d ? [el('strong', { text: side.toUpperCase() + ': ' + d.rule + ' → ' + d.action + ' (' + d.outcome + ')' }), el('pre', { text: 'facts then: ' + JSON.stringify(d.facts) + '\ntrace:\n' + traceText(d.trace) })] : [side.toUpperCase() + ': no decision']));
      });
    }
  }

  // Data quality and provenance.
  var dq = document.getElementById('quality');
  data.dataQuality.forEach(function (q) {
    dq.appendChild(el('p', { text: q.file + ' (' + q.source + '): ' + q.rowsRead.toLocaleString('en-US') + ' rows read, ' + q.rowsEmitted.toLocaleString('en-US') + ' replayed' + (q.missingDays.length ? '; trading days missing from the file: ' + q.missingDays.join(', ') : '') }));
    dq.appendChild(table(['rows dropped by the cleaner', 'count'], Object.keys(q.dropped).map(function (k) { return [k, q.dropped[k]]; })));
    dq.appendChild(table(['rows kept with a flag', 'count'], Object.keys(q.flagged).map(function (k) { return [k, q.flagged[k]]; })));
  });
  var p = data.provenance, prov = document.getElementById('provenance');
  [['tickwise version', p.tickwiseVersion], ['config version', p.configVersion], ['compared with', p.compareConfigVersion || '–'], ['fill model', p.fill.price + ', at the snapshot, commission ' + p.fill.commissionPerContract + ' per contract'],
    ['starting equity', String(p.startingEquity)], ['command line', p.commandLine]].concat(p.data.map(function (d) { return ['sha256 ' + d.file, d.sha256]; })).concat(p.vix ? [['sha256 ' + p.vix.file, p.vix.sha256]] : [])
    .forEach(function (r) { prov.appendChild(el('dt', { text: r[0] })); prov.appendChild(el('dd', { text: r[1] })); });
  document.body.setAttribute('data-rendered', 'true');
})();
