/**
 * The temperature demo: `tsx temperature-tuning/main.ts`.
 *
 * Starts the fake OpenAI-compatible server, unless `OPENAI_BASE_URL` is set:
 * then the agent calls that endpoint with `OPENAI_API_KEY` and `OPENAI_MODEL`.
 * Runs the search with two runners in this process and prints the mean reward
 * of every temperature.
 *
 * @module
 */
import { setLogLevel } from '@agl/trainer';
import { startFakeOpenAiServer } from './fake-openai-server';
import { formatScore } from './report';
import { tuneTemperature } from './train';

if (!process.env.AGL_LOG_LEVEL) setLogLevel('warn');

/** Ends the script with one line when nothing answers at the endpoint (before any rollout runs). */
async function checkReachable(baseUrl: string): Promise<void> {
  try {
    // Any HTTP answer will do: only a connection failure means the address is wrong.
    await fetch(`${baseUrl.replace(/\/$/, '')}/models`, { signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
    console.error(`temperature-tuning: cannot reach OPENAI_BASE_URL=${baseUrl} (${cause}).`);
    process.exit(1);
  }
}
const real = process.env.OPENAI_BASE_URL;
const fake = real ? null : await startFakeOpenAiServer();
if (real) await checkReachable(real);
const endpoint = {
  endpoint: real ?? (fake?.baseUrl as string),
  model: process.env.OPENAI_MODEL || 'fake-model',
};
console.log(`Temperature tuning against ${endpoint.endpoint} (${real ? 'real' : 'fake, seeded'})`);
try {
  const { best } = await tuneTemperature({
    endpoint,
    onScore: (score) => console.log(formatScore(score)),
  });
  console.log(
    `\nchosen temperature: ${best.temperature} (mean reward ${best.meanReward.toFixed(2)})`,
  );
} catch (error) {
  // One line, not the stack: the likely cause is the endpoint (address, key, model).
  console.error(`temperature-tuning: ${(error as Error).message}`);
  if (real) console.error('Check OPENAI_BASE_URL, OPENAI_API_KEY and OPENAI_MODEL.');
  process.exitCode = 1;
} finally {
  await fake?.close();
}
