// CSV (RFC 4180) for the blotter's exports, and the download of a text as a file (no server round trip).

/** Rows of objects → CSV text with a header line; `columns` names the fields in order. Arrays/objects as JSON. */
export function toCsv(rows, columns) {
  const cell = (v) => {
    if (v === null || v === undefined) return '';
    const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n';
}

/** Offers `text` as a file download named `name`. */
export function download(name, text, type = 'text/csv') {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export const TRADE_COLUMNS = ['id', 'strategy', 'structure', 'underlying', 'openedAt', 'closedAt', 'contracts', 'creditCents', 'commissionCents', 'realizedPnlCents', 'closeRule', 'outcome', 'rollCount', 'parentId'];
export const FILL_COLUMNS = ['fillId', 'time', 'positionId', 'strategy', 'underlying', 'clientOrderId', 'quantity', 'netPrice', 'commissionCents', 'legs'];
