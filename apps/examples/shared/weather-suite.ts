/**
 * The one test of the weather examples (AI SDK and OpenAI Agents JS): the
 * agent is trained through the store against the local weather model, and
 * the stored spans must score the tool-using model above the guesser, with
 * the exact token ids the model server returned.
 */
import type { TripletPrompt, TripletResponse } from '@agl/trainer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWeatherModel, toyTokenIds, type WeatherModelServer } from './weather-model';
import { trainWeatherAgent } from './weather-train';

/**
 * Declares the weather agent's test suite.
 *
 * @param agent - the example's agent
 */
export function describeWeatherTraining(agent: Parameters<typeof trainWeatherAgent>[0]): void {
  let model: WeatherModelServer;
  beforeAll(async () => {
    model = await startWeatherModel();
  });
  afterAll(() => model.close());

  describe('the weather agent trained through the store', () => {
    it('scores both models from the stored spans and prefers the one that uses the tool', async () => {
      const [guesser, expert] = await trainWeatherAgent(agent, model.baseUrl);
      expect(guesser?.meanReward).toBe(0);
      expect(expert?.meanReward).toBe(1);
      // One model call per guesser rollout; a tool turn and an answer per expert rollout.
      expect(guesser?.triplets).toHaveLength(3);
      expect(expert?.triplets).toHaveLength(6);
      expect(expert?.triplets.map((t) => t.reward)).toEqual([null, 1, null, 1, null, 1]);
      for (const t of expert?.triplets ?? []) {
        const prompt = t.prompt as TripletPrompt;
        const response = t.response as TripletResponse;
        expect(prompt.token_ids.length).toBeGreaterThan(0);
        expect(response.token_ids.length).toBeGreaterThan(0);
        expect(prompt.raw_content).not.toBeNull();
      }
      const answer = expert?.triplets[1]?.response as TripletResponse;
      const content = (answer.raw_content as { content: string }[])[0]?.content ?? '';
      expect(answer.token_ids).toEqual(toyTokenIds(content));
      expect(model.requests.every((r) => r.return_token_ids === true)).toBe(true);
    });
  });
}
