/**
 * The legacy server command: `tsx legacy-pair/server.ts [--port 8000]`.
 * Starts an `AgentLightningServer`, proposes each candidate prompt, waits for
 * a client agent (`legacy-pair/client.ts`) to answer every task, prints the
 * mean reward per prompt, and stops.
 *
 * @module
 */
import { AgentLightningServer } from '@agl/legacy-client';
import { parseFlags } from '../shared/args';
import { evaluatePrompts } from './apo';
import { QA_TASKS } from './fake-model';

const values = parseFlags({ host: '127.0.0.1', port: '8000', timeout: '300' });
const server = new AgentLightningServer({ host: values.host, port: Number(values.port) });
await server.start();
console.log(`Legacy server at ${server.endpoint}; start a client agent with:`);
console.log(`  tsx legacy-pair/client.ts --endpoint ${server.endpoint}`);
try {
  const scores = await evaluatePrompts(server, QA_TASKS, {
    timeoutSeconds: Number(values.timeout),
  });
  for (const s of scores) console.log(`${s.meanReward.toFixed(2)}  ${s.prompt}`);
  const best = scores.reduce((a, b) => (b.meanReward > a.meanReward ? b : a));
  console.log(`\nbest prompt: ${best.prompt} (mean reward ${best.meanReward.toFixed(2)})`);
} finally {
  await server.stop();
}
