/**
 * The legacy client agent command:
 * `tsx legacy-pair/client.ts [--endpoint http://127.0.0.1:8000] [--workers 1]`.
 * Answers tasks until Ctrl+C (SIGINT) or SIGTERM, then exits 0.
 *
 * @module
 */

import { parseFlags } from '../shared/args';
import { runLegacyAgent } from './agent';

const values = parseFlags({ endpoint: 'http://127.0.0.1:8000', workers: '1' });
const stop = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort());

console.log(`Legacy client agent polling ${values.endpoint} (Ctrl+C to stop)`);
const answered = await runLegacyAgent({
  endpoint: values.endpoint,
  signal: stop.signal,
  nWorkers: Number(values.workers),
});
console.log(`stopped after ${answered} tasks`);
