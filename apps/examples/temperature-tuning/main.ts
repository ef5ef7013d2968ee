/**
 * The `temperature-tuning/main.ts` command: checks that the packages are built (a clear hint
 * instead of ERR_MODULE_NOT_FOUND), then runs `main-command.ts`.
 *
 * @module
 */
import { requireBuild } from '../shared/require-build';

requireBuild('temperature-tuning/main.ts');
await import('./main-command');
