/**
 * Command-line flags of the example scripts: a wrong flag ends the script
 * with one usage line (exit 2) instead of a stack trace.
 *
 * @module
 */
import { basename } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';

/** The flags of a script: name → string flag with a default. */
export type FlagDefaults = Record<string, string>;

/**
 * Parses `--name value` flags, each with a default.
 *
 * @param defaults - every accepted flag and its default
 * @param argv - the arguments (default: this process's)
 * @returns the flag values
 */
export function parseFlags<F extends FlagDefaults>(
  defaults: F,
  argv: readonly string[] = process.argv.slice(2),
): { [K in keyof F]: string } {
  const options: ParseArgsConfig['options'] = Object.fromEntries(
    Object.entries(defaults).map(([name, value]) => [name, { type: 'string', default: value }]),
  );
  try {
    return parseArgs({ args: [...argv], options }).values as { [K in keyof F]: string };
  } catch (error) {
    const script = basename(process.argv[1] ?? 'script');
    const usage = Object.entries(defaults)
      .map(([name, value]) => `[--${name} ${value}]`)
      .join(' ');
    console.error(
      `${script}: ${(error as Error).message.split('\n')[0]}\nusage: ${script} ${usage}`,
    );
    process.exit(2);
  }
}
