/**
 * Train an existing agent without changing it: `tsx llm-proxy-agent/main.ts [shm|cs]`.
 *
 * `shm` (default) runs two runners in this process; `cs` starts two runner processes that reach
 * the store and the gateway over HTTP. Prints one line per task: the triplets the algorithm built
 * from the gateway's records, with the model's token ids and the agent's reward.
 *
 * @module
 */
import { setLogLevel } from '@agl/trainer';
import { formatReport, trainThroughGateway } from './train';

if (!process.env.AGL_LOG_LEVEL) setLogLevel('warn');
const strategy = process.argv[2] === 'cs' ? 'cs' : 'shm';
await trainThroughGateway(strategy, (report) => console.log(formatReport(report)));
