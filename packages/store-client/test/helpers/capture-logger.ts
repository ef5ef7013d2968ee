import type { Logger } from '@agl/store-core';

/** A logger that keeps every entry, for assertions. */
export function captureLogger(): Logger & {
  entries: { level: string; message: string; details: unknown[] }[];
  messages(level: string): string[];
} {
  const entries: { level: string; message: string; details: unknown[] }[] = [];
  const at =
    (level: string) =>
    (message: string, ...details: unknown[]) =>
      entries.push({ level, message, details });
  return {
    entries,
    messages: (level) => entries.filter((e) => e.level === level).map((e) => e.message),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
}
