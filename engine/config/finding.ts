import { formatTemplate, registry, type ErrorCode } from '../errors/index.ts';
import type { Finding } from './types.ts';

export interface Where {
  file: string;
  line: number;
  col: number;
  pointer: string;
}

/** Builds a finding from a registry code: message and hint come from the code's templates. */
export function finding(code: ErrorCode, params: Record<string, unknown>, where: Where, severity?: 'error' | 'warning'): Finding {
  const spec = registry[code];
  return {
    file: where.file,
    line: where.line,
    col: where.col,
    severity: severity ?? spec.severity ?? 'error',
    code,
    message: formatTemplate(spec.message, params),
    hint: formatTemplate(spec.hint, params),
    pointer: where.pointer,
  };
}

/** `FILE:LINE:COL: error|warning CODE message (hint)`. */
export function formatFinding(f: Finding): string {
  return `${f.file}:${f.line}:${f.col}: ${f.severity} ${f.code} ${f.message}${f.hint ? ` (${f.hint})` : ''}`;
}

/** Orders findings by file, then line, then column, keeping the order of equal positions. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => (a.f.file < b.f.file ? -1 : a.f.file > b.f.file ? 1 : a.f.line - b.f.line || a.f.col - b.f.col || a.i - b.i))
    .map((x) => x.f);
}

/** ` (did you mean "x"?)` for the closest candidate within a small edit distance, or ''. */
export function suggest(word: string, candidates: Iterable<string>): string {
  const list = [...candidates];
  const lower = word.toLowerCase();
  const prefixed = list.filter((c) => word.length >= 4 && c.toLowerCase().startsWith(lower));
  if (prefixed.length === 1) return `; did you mean "${prefixed[0]}"?`;
  let best = '';
  let bestDistance = Infinity;
  for (const c of list) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  const limit = Math.max(2, Math.floor(word.length / 3));
  return best && bestDistance <= limit ? `; did you mean "${best}"?` : '';
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 8) return Math.abs(a.length - b.length);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
