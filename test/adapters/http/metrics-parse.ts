/**
 * A small parser of the Prometheus text exposition format 0.0.4, strict enough to fail on what a scraper refuses:
 * every line is a comment (`# HELP name text`, `# TYPE name type`) or a sample `name{label="value",...} number`;
 * a sample's family has a TYPE line before it; label values are quoted with `\\`, `\"` and `\n` escapes.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  help: string;
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)( -?\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/y;
const SUFFIXES: Record<string, string[]> = { histogram: ['_bucket', '_sum', '_count'], summary: ['_sum', '_count', ''] };

function number(text: string, line: string): number {
  if (/^nan$/i.test(text)) return Number.NaN;
  if (/^\+?inf$/i.test(text)) return Number.POSITIVE_INFINITY;
  if (/^-inf$/i.test(text)) return Number.NEGATIVE_INFINITY;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`not a number: ${line}`);
  return Number(text);
}

function labels(text: string | undefined, line: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!text) return out;
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const m = LABEL.exec(text);
    if (!m) throw new Error(`bad labels: ${line}`);
    out[m[1]] = m[2].replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
  }
  return out;
}

/** The families of a scrape, by name. Throws on any line a scraper would refuse. */
export function parsePrometheus(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const familyOf = (sample: string): Family | undefined => {
    for (const f of families.values()) {
      const suffixes = SUFFIXES[f.type] ?? [''];
      if (suffixes.some((s) => `${f.name}${s}` === sample)) return f;
    }
    return undefined;
  };
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (!m) continue; // a plain comment
      if (!NAME.test(m[2])) throw new Error(`bad metric name: ${line}`);
      const f = families.get(m[2]) ?? { name: m[2], type: 'untyped' as const, help: '', samples: [] };
      if (m[1] === 'HELP') f.help = m[3];
      else if (['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(m[3])) f.type = m[3] as Family['type'];
      else throw new Error(`bad type: ${line}`);
      families.set(m[2], f);
      continue;
    }
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`not a sample: ${line}`);
    const family = familyOf(m[1]);
    if (!family) throw new Error(`sample without a TYPE: ${line}`);
    family.samples.push({ name: m[1], labels: labels(m[3], line), value: number(m[4], line) });
  }
  return families;
}

/** The value of the one sample `name` with exactly `labels`, or undefined. */
export function valueOf(families: Map<string, Family>, name: string, want: Record<string, string> = {}): number | undefined {
  for (const f of families.values()) {
    for (const s of f.samples) {
      if (s.name !== name) continue;
      const keys = Object.keys(s.labels);
      if (keys.length === Object.keys(want).length && keys.every((k) => s.labels[k] === want[k])) return s.value;
    }
  }
  return undefined;
}

/** The samples named `name`. */
export function samplesOf(families: Map<string, Family>, name: string): Sample[] {
  return [...families.values()].flatMap((f) => f.samples.filter((s) => s.name === name));
}
