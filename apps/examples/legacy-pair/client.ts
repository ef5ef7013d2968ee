/**
 * The `legacy-pair/client.ts` command: checks that the packages are built (a clear hint
 * instead of ERR_MODULE_NOT_FOUND), then runs `client-command.ts`.
 *
 * @module
 */
import { requireBuild } from '../shared/require-build';

requireBuild('legacy-pair/client.ts');
await import('./client-command');
