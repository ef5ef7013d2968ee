/** Where OTLP ingestion reports skipped spans and ignored sequence ids (`console` fits). */
export interface OtlpLogger {
  /** A recoverable problem with the payload (a span skipped, a sequence id ignored). */
  warn(message: string): void;
  /** A payload error worth attention (a negative sequence id). */
  error(message: string): void;
}
