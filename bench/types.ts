/** One figure a benchmark reports. `baseline` and `ratio` are set where a comparison ran in the same process. */
export interface BenchEntry {
  name: string;
  value: number;
  unit: string;
  baseline?: number;
  ratio?: number;
  /** What the figure means, shown in the table. */
  note?: string;
}

/** A benchmark module (`bench/<name>.bench.ts`) default-exports one of these. */
export interface Benchmark {
  name: string;
  run(): Promise<BenchEntry[]>;
}

/** Median of a list of numbers. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
