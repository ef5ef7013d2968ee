/**
 * Latency histogram buckets in seconds, from a microsecond to five minutes,
 * the same boundaries as the reference's servers so dashboards built for one
 * read the other.
 */
export const LATENCY_BUCKETS_SECONDS: readonly number[] = Object.freeze([
  0.000001, 0.000002, 0.000005, 0.00001, 0.00002, 0.00005, 0.0001, 0.0002, 0.0005, 0.001, 0.002,
  0.003, 0.005, 0.007, 0.01, 0.015, 0.02, 0.03, 0.05, 0.07, 0.1, 0.2, 0.3, 0.5, 0.7, 1, 2, 3, 5, 7,
  10, 12, 15, 20, 25, 30, 40, 50, 60, 90, 120, 180, 240, 300,
]);
