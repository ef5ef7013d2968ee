import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { LATENCY_BUCKETS_SECONDS } from './buckets';

/** One sample of a collected gauge: label values and the value. */
export interface GaugeSample {
  /** Label values by label name. */
  readonly labels?: Readonly<Record<string, string>>;
  /** The value. */
  readonly value: number;
}

/** Settings of a gauge whose samples are read when the registry is scraped. */
export interface CollectedGaugeOptions {
  /** Metric name (Prometheus syntax, e.g. `agl_rollouts`). */
  readonly name: string;
  /** One-line description. */
  readonly help: string;
  /** Label names, when the samples carry labels. */
  readonly labelNames?: readonly string[];
  /** Reads the current samples; a failure leaves the gauge empty for that scrape. */
  readonly collect: () => Promise<readonly GaugeSample[]> | readonly GaugeSample[];
}

/**
 * A Prometheus registry with the HTTP metrics every Agent Lightning server
 * records, plus helpers for counters and scrape-time gauges. One instance per
 * server; the store server and the LLM gateway build theirs the same way.
 */
export class MetricsRegistry {
  /** The underlying prom-client registry. */
  readonly registry = new Registry();
  readonly #httpTotal: Counter<'path' | 'method' | 'status'>;
  readonly #httpLatency: Histogram<'path' | 'method' | 'status'>;
  readonly #counters = new Map<string, Counter<string>>();

  constructor() {
    this.#httpTotal = new Counter({
      name: 'agl_http_total',
      help: 'HTTP requests by path template, method and status',
      labelNames: ['path', 'method', 'status'],
      registers: [this.registry],
    });
    this.#httpLatency = new Histogram({
      name: 'agl_http_latency',
      help: 'HTTP request latency in seconds by path template, method and status',
      labelNames: ['path', 'method', 'status'],
      buckets: [...LATENCY_BUCKETS_SECONDS],
      registers: [this.registry],
    });
  }

  /**
   * Records one HTTP request.
   *
   * @param path - the route template (`/v1/agl/rollouts/{rollout_id}`), never a concrete id
   * @param method - the HTTP method
   * @param status - the status as a string (`"499"` for a client that went away)
   * @param seconds - how long the answer took
   */
  observeHttp(path: string, method: string, status: string, seconds: number): void {
    const labels = { path, method, status };
    this.#httpTotal.inc(labels);
    this.#httpLatency.observe(labels, seconds);
  }

  /**
   * A counter of this registry, created on first use.
   *
   * @param name - metric name
   * @param help - description
   * @param labelNames - label names
   */
  counter(name: string, help: string, labelNames: readonly string[] = []): Counter<string> {
    let counter = this.#counters.get(name);
    if (!counter) {
      counter = new Counter({
        name,
        help,
        labelNames: [...labelNames],
        registers: [this.registry],
      });
      this.#counters.set(name, counter);
    }
    return counter;
  }

  /**
   * Registers a gauge read at scrape time.
   *
   * @param options - name, help, labels and the reader
   */
  collectedGauge(options: CollectedGaugeOptions): void {
    const { name, help, labelNames = [], collect } = options;
    new Gauge({
      name,
      help,
      labelNames: [...labelNames],
      registers: [this.registry],
      async collect() {
        this.reset();
        let samples: readonly GaugeSample[];
        try {
          samples = await collect();
        } catch {
          return;
        }
        for (const sample of samples) {
          if (sample.labels) this.set(sample.labels, sample.value);
          else this.set(sample.value);
        }
      },
    });
  }

  /** The Prometheus text exposition of every metric. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  /** The content type of `text()`. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /**
   * An HTTP answer with the text exposition (for a `GET /metrics` route).
   */
  async response(): Promise<Response> {
    return new Response(await this.text(), { headers: { 'content-type': this.contentType } });
  }
}
