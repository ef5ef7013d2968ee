/**
 * The distributed run: one script for every role, chosen by environment
 * variables, as a user would start it on several machines. It trains the
 * prompt of the main demo (`../prompt-optimisation`).
 *
 *   AGL_CURRENT_ROLE      algorithm | runner | both (default both)
 *   AGL_MANAGED_STORE=0   use the store at AGL_SERVER_HOST:AGL_SERVER_PORT (e.g. `agl store`)
 *                         instead of serving one from the algorithm process
 *   AGL_SERVER_HOST/PORT  the store's address (default localhost:4747)
 *   AGL_RUNNER_WORKER_ID  the worker id of a runner process (Worker-<id>)
 *   AGL_N_RUNNERS         runner processes this command starts (default 1)
 *
 * Only the algorithm's process gets a result and prints the report; runner
 * processes run until Ctrl+C (SIGINT) or SIGTERM.
 *
 * @module
 */
import { LightningStoreClient } from '@agl/store-client';
import {
  ENV_CURRENT_ROLE,
  ENV_MANAGED_STORE,
  ENV_SERVER_HOST,
  ENV_SERVER_PORT,
  setLogLevel,
} from '@agl/trainer';
import { formatReport, formatRound } from '../prompt-optimisation/report';
import { VAL_TASKS } from '../prompt-optimisation/tasks';
import { trainPrompt } from '../prompt-optimisation/train';

if (!process.env.AGL_LOG_LEVEL) setLogLevel('warn');
const role = process.env[ENV_CURRENT_ROLE] ?? 'both';
const address = `http://${process.env[ENV_SERVER_HOST] ?? 'localhost'}:${process.env[ENV_SERVER_PORT] ?? 4747}`;
// With an external store (`agl store`) every role talks to it over HTTP; otherwise the
// algorithm process serves its own in-memory store and runner processes connect to it.
const managed = (process.env[ENV_MANAGED_STORE] ?? '').trim().toLowerCase();
const store = ['0', 'false', 'no', 'off'].includes(managed)
  ? new LightningStoreClient(address)
  : undefined;
const nRunners = Number.parseInt(process.env.AGL_N_RUNNERS ?? '1', 10);

console.log(`[${role}] store ${store ? `at ${address}` : 'served by the algorithm process'}`);
try {
  const result = await trainPrompt({
    strategy: { type: 'cs' },
    nRunners,
    ...(store ? { store } : {}),
    onRound: (round) => console.log(formatRound(round)),
  });
  if (result) console.log(`\n${formatReport(result, VAL_TASKS[0])}`);
  else console.log(`[${role}] stopped`);
} finally {
  await store?.close();
}
