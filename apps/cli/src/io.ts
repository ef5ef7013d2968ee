/** Where the CLI writes and how it waits for a stop request; replaceable in tests. */
export interface CliIo {
  /** Writes one line to standard output. */
  out(line: string): void;
  /** Writes one line to standard error (logs and errors). */
  err(line: string): void;
  /** Resolves with the signal name when the process is asked to stop (SIGINT or SIGTERM). */
  waitForStop(): Promise<string>;
}

/**
 * Milliseconds after the first stop signal during which another one counts as
 * the same request: one Ctrl+C reaches every process of the terminal's group,
 * and wrappers (`pnpm`, `tsx`, `npx`) forward it to their child as well.
 */
const REPEATED_SIGNAL_WINDOW_MS = 1500;

/** The real process: stdout, stderr and the SIGINT/SIGTERM signals (a deliberate second signal exits at once). */
export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  waitForStop: () =>
    new Promise((resolve) => {
      let firstAt: number | null = null;
      const onSignal = (signal: NodeJS.Signals) => {
        if (firstAt === null) {
          firstAt = Date.now();
          resolve(signal);
          return;
        }
        // A second signal while shutting down forces the exit.
        if (Date.now() - firstAt >= REPEATED_SIGNAL_WINDOW_MS)
          process.exit(signal === 'SIGTERM' ? 143 : 130);
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    }),
};
