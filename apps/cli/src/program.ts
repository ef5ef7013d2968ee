import { maskCredentials } from '@agl/store-core';
import { Command, CommanderError } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { COMMANDS } from './commands/index';
import { CliError } from './errors';
import { type CliIo, processIo } from './io';

/** The `agl` program with its subcommands, plus the exit code its action reported. */
export interface AglProgram {
  /** The commander program. */
  readonly program: Command;
  /** The exit code set by the subcommand that ran (0 by default). */
  exitCode(): number;
}

/**
 * Builds the `agl` command-line program. Errors do not exit the process:
 * `runCli` turns them into exit codes.
 *
 * @param io - output and stop signal (default: the real process)
 */
export function buildProgram(io: CliIo = processIo): AglProgram {
  let code = 0;
  const program = new Command('agl')
    .description('Agent Lightning for TypeScript: command-line tools.')
    .version(packageJson.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text.replace(/\n$/, '')),
      writeErr: (text) => io.err(text.replace(/\n$/, '')),
    });
  for (const register of COMMANDS) {
    const command = register(program, io, (value) => {
      code = value;
    });
    command.exitOverride().showHelpAfterError(`(run "agl ${command.name()} --help" for usage)`);
  }
  return { program, exitCode: () => code };
}

/**
 * Runs the `agl` command line.
 *
 * @param argv - the full `process.argv` (node and script first)
 * @param io - output and stop signal
 * @returns the exit code: 0 on success or help, 1 when a command cannot run, 2 for invalid arguments
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const { program, exitCode } = buildProgram(io);
  try {
    await program.parseAsync([...argv]);
    // A command may also report failure through process.exitCode.
    return exitCode() || Number(process.exitCode ?? 0) || 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      const quiet = ['commander.helpDisplayed', 'commander.version', 'commander.help'];
      if (quiet.includes(error.code)) return 0;
      // Commander already printed the message and the usage hint.
      return error.code === 'commander.executeSubCommandAsync' ? error.exitCode : 2;
    }
    const command = program.args[0] ? `agl ${program.args[0]}` : 'agl';
    if (error instanceof CliError) {
      io.err(maskCredentials(`${command}: ${error.message}`));
      return error.exitCode;
    }
    io.err(
      maskCredentials(`${command}: ${error instanceof Error ? error.message : String(error)}`),
    );
    return 1;
  }
}
