import type { Command } from 'commander';
import type { CliIo } from '../io';
import { registerDashboardCommand } from './dashboard';
import { registerLegacyServerCommand } from './legacy-server';
import { registerProxyCommand } from './proxy';
import { registerStoreCommand } from './store/command';

/** Adds one subcommand to the `agl` program; its action reports its exit code through `setExitCode`. */
export type CommandRegistration = (
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
) => Command;

/** Every `agl` subcommand. To add one, write `src/commands/<name>.ts` and list its register function here. */
export const COMMANDS: readonly CommandRegistration[] = [
  registerStoreCommand,
  registerLegacyServerCommand,
  registerDashboardCommand,
  registerProxyCommand,
];
