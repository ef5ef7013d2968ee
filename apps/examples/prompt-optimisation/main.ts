/**
 * The `prompt-optimisation/main.ts` command: checks that the packages are built (a clear hint
 * instead of ERR_MODULE_NOT_FOUND), then runs `main-command.ts`.
 *
 * @module
 */
import { requireBuild } from '../shared/require-build';

requireBuild('prompt-optimisation/main.ts');
await import('./main-command');
