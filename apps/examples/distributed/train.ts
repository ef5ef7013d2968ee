/**
 * The `distributed/train.ts` command: checks that the packages are built (a clear hint
 * instead of ERR_MODULE_NOT_FOUND), then runs `train-command.ts`.
 *
 * @module
 */
import { requireBuild } from '../shared/require-build';

requireBuild('distributed/train.ts');
await import('./train-command');
