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
 * One line summing up a registry: every counter and gauge value, and for
 * histograms the count and mean, with their labels.
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
    const total = metric.values.reduce((acc, value) => acc + value.value, 0);
    parts.push(`${metric.name}=${total}`);
  }
  return parts.join(' ');
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
