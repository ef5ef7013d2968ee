/** One printed row of the benchmark table. */
export interface Row {
  /** What is measured. */
  readonly operation: string;
  /** Problem size. */
  readonly n: string;
  /** The store's figure. */
  readonly store: string;
  /** The baseline's figure, measured in the same run. */
  readonly baseline: string;
  /** Store speed (or size) relative to the baseline. */
  readonly ratio: string;
  /** Heap growth of the store during the row. */
  readonly heap: string;
  /** Target, when there is one. */
  readonly target: string;
}

const HEADERS: Row = {
  operation: 'operation',
  n: 'n',
  store: 'InMemoryLightningStore',
  baseline: 'baseline',
  ratio: 'store vs baseline',
  heap: 'store heap Δ',
  target: 'target',
};

/**
 * Formats rows as a Markdown table.
 *
 * @param rows - the rows
 */
export function formatTable(rows: readonly Row[]): string {
  const keys = Object.keys(HEADERS) as (keyof Row)[];
  const all = [HEADERS, ...rows];
  const widths = keys.map((key) => Math.max(...all.map((row) => row[key].length)));
  const line = (row: Row) =>
    `| ${keys.map((key, i) => row[key].padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const rule = `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`;
  return [line(HEADERS), rule, ...rows.map(line)].join('\n');
}

/** Formats a rate. */
export function opsPerSecond(value: number): string {
  return `${Math.round(value).toLocaleString('en-US')} ops/s`;
}

/** Formats a byte count in MB (or kB when small). */
export function megabytes(bytes: number): string {
  if (Math.abs(bytes) < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} kB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Formats a ratio like `0.42x`. */
export function times(value: number): string {
  return `${value >= 10 ? value.toFixed(0) : value.toFixed(2)}x`;
}

/** Formats p50/p99 wall-clock milliseconds and the p99 of CPU time. */
export function latencyText(latency: { p50: number; p99: number; cpuP99: number }): string {
  const ms = (value: number) => value.toFixed(3);
  return `p50 ${ms(latency.p50)} ms, p99 ${ms(latency.p99)} ms (cpu p99 ${ms(latency.cpuP99)} ms)`;
}
