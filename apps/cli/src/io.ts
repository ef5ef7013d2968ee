/** Where the CLI writes and how it waits for a stop request; replaceable in tests. */
export interface CliIo {
  /** Writes one line to standard output. */
  out(line: string): void;
  /** Writes one line to standard error (logs and errors). */
  err(line: string): void;
  /** Resolves with the signal name when the process is asked to stop (SIGINT or SIGTERM). */
  waitForStop(): Promise<string>;
}

/** The real process: stdout, stderr and the SIGINT/SIGTERM signals (a second signal exits at once). */
export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  waitForStop: () =>
    new Promise((resolve) => {
      const onSignal = (signal: NodeJS.Signals) => {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        // A second signal while shutting down forces the exit.
        process.once('SIGINT', () => process.exit(130));
        process.once('SIGTERM', () => process.exit(143));
        resolve(signal);
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    }),
};
