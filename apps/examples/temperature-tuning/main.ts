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
const real = process.env.OPENAI_BASE_URL;
const fake = real ? null : await startFakeOpenAiServer();
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
} finally {
  await fake?.close();
}
