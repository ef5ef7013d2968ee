/**
 * The `agl` command line as a library: build or run the program, or run
 * `agl store` in-process.
 *
 * @module
 */
export {
  type DashboardCommandOptions,
  registerDashboardCommand,
  runDashboardCommand,
} from './commands/dashboard';
export { COMMANDS, type CommandRegistration } from './commands/index';
export {
  type ProxyCommandOptions,
  proxyOptionsFromFlags,
  registerProxyCommand,
  runProxyCommand,
} from './commands/proxy';
export { registerStoreCommand, runStoreCommand } from './commands/store/command';
export { memoryStoreOptions, type StoreCommandOptions } from './commands/store/options';
export { CliError } from './errors';
export { type CliIo, processIo } from './io';
export { type AglProgram, buildProgram, runCli } from './program';
