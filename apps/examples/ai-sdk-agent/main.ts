/**
 * Trains the weather agent against the offline model server and prints the
 * score of each candidate model.
 *
 * @module
 */
import { setLogLevel } from '@agl/trainer';
import { startWeatherModel } from '../shared/weather-model';
import { formatScore, trainWeatherAgent } from '../shared/weather-train';
import { weatherAgent } from './agent';

if (!process.env.AGL_LOG_LEVEL) setLogLevel('warn');
const model = await startWeatherModel();
try {
  const scores = await trainWeatherAgent(weatherAgent, model.baseUrl, (s) =>
    console.log(formatScore(s)),
  );
  const best = scores.reduce((a, b) => (b.meanReward > a.meanReward ? b : a));
  console.log(`\nchosen model: ${best.model}`);
} finally {
  await model.close();
}
