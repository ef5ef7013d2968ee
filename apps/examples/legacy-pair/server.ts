/**
 * The `legacy-pair/server.ts` command: checks that the packages are built (a clear hint
 * instead of ERR_MODULE_NOT_FOUND), then runs `server-command.ts`.
 *
 * @module
 */
import { requireBuild } from '../shared/require-build';

requireBuild('legacy-pair/server.ts');
await import('./server-command');
