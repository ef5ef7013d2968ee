import type { Logger } from '@agl/store-core';
import type { MetricsRegistry } from './registry';

/** Settings of the periodic console summary. */
export interface ConsoleSummaryOptions {
  /** Where the summary goes (at `info`). */
  readonly logger: Pick<Logger, 'info'>;
  /** Seconds between two summaries (default 30). */
  readonly intervalSeconds?: number;
}

/**
 * One line summing up a registry: for counters the total over their labels,
 * for gauges without labels the value, for gauges with labels each sample
 * by its label values (`agl_rollouts{queuing=2 running=1}`: a sum of unlike
 * samples, such as thresholds and totals, would mean nothing), and for
 * histograms the count and mean.
 *
 * @param metrics - the registry
 */
export async function summarise(metrics: MetricsRegistry): Promise<string> {
  const parts: string[] = [];
  for (const metric of await metrics.registry.getMetricsAsJSON()) {
    if (String(metric.type) === 'histogram') {
      let count = 0;
      let sum = 0;
      for (const value of metric.values) {
        const name = (value as { metricName?: string }).metricName ?? '';
        if (name.endsWith('_count')) count += value.value;
        else if (name.endsWith('_sum')) sum += value.value;
      }
      const mean = count > 0 ? ((sum / count) * 1000).toFixed(2) : '0';
      parts.push(`${metric.name} n=${count} mean=${mean}ms`);
      continue;
    }
    const labelled = metric.values.filter((value) => Object.keys(value.labels ?? {}).length > 0);
    if (String(metric.type) === 'gauge' && labelled.length > 0) {
      const samples = labelled.map(
        (value) => `${Object.values(value.labels).join(',')}=${rounded(value.value)}`,
      );
      parts.push(`${metric.name}{${samples.join(' ')}}`);
      continue;
    }
    const total = metric.values.reduce((acc, value) => acc + value.value, 0);
    parts.push(`${metric.name}=${rounded(total)}`);
  }
  return parts.join(' ');
}

// Three decimals at most: uptimes and latencies, not noise, in a log line.
function rounded(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/**
 * Logs `summarise(metrics)` every `intervalSeconds` until the returned
 * function is called. The timer does not keep the process alive.
 *
 * @param metrics - the registry
 * @param options - logger and interval
 * @returns stops the summaries
 */
export function startConsoleSummary(
  metrics: MetricsRegistry,
  options: ConsoleSummaryOptions,
): () => void {
  const seconds = options.intervalSeconds ?? 30;
  const timer = setInterval(() => {
    void summarise(metrics).then(
      (line) => options.logger.info(`metrics: ${line}`),
      () => undefined,
    );
  }, seconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
