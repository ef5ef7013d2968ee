import { LlmProxy } from '@agl/llm-proxy';
import { InMemoryLightningStore } from '@agl/store-memory';
import {
  findLlm,
  findPromptTemplate,
  LitAgent,
  ProxyLLM,
  type ResourceMap,
  type RolloutInfo,
  Trainer,
} from '@agl/trainer';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { APO } from '../src/index';
import {
  LAB_AGENT_MODEL,
  type LabTask,
  labReward,
  labSeedResources,
  startFakeApoLlmServer,
  TRAIN_TASKS,
  VAL_TASKS,
} from '../src/testing/index';
import { quietTrainerLogs, recordingLogger, scenarioOptions } from './helpers';

quietTrainerLogs();

/**
 * The number-lab agent as a user would write it without Agent Lightning: it renders the prompt
 * and asks an OpenAI client at the base URL it is handed. It records nothing itself.
 */
class UntracedLabAgent extends LitAgent<LabTask> {
  override async rollout(task: LabTask, resources: ResourceMap, rollout: RolloutInfo) {
    const llm = findLlm(resources, rollout, true);
    const prompt = findPromptTemplate(resources).format({ ...task });
    const client = new OpenAI({ baseURL: llm.endpoint, apiKey: 'unused', maxRetries: 0 });
    const answer = await client.chat.completions.create({
      model: llm.model,
      messages: [{ role: 'user', content: prompt }],
      temperature: 0,
    });
    return labReward(answer.choices[0]?.message.content ?? '', task);
  }
}

describe('APO over calls recorded by the LLM gateway', () => {
  it('optimises the prompt of an agent whose calls only the gateway records', async () => {
    const model = await startFakeApoLlmServer();
    const store = new InMemoryLightningStore({ watchdogIntervalSeconds: null });
    const gateway = new LlmProxy({
      store,
      modelList: [
        {
          model_name: LAB_AGENT_MODEL,
          litellm_params: { model: `hosted_vllm/${LAB_AGENT_MODEL}`, api_base: model.baseUrl },
        },
      ],
    });
    await gateway.start();
    try {
      const client = new OpenAI({ baseURL: model.baseUrl, apiKey: 'test', maxRetries: 0 });
      const apo = new APO({ ...scenarioOptions(11), client, logger: recordingLogger() });
      const wire = gateway.asResource();
      const trainer = new Trainer({
        algorithm: apo,
        adapter: 'TraceToMessages',
        strategy: { type: 'shm', main_thread: 'algorithm' },
        nRunners: 2,
        runner: { type: 'LitAgentRunner', poll_interval: 0.05, interval_jitter: 0.02 },
        initialResources: {
          ...labSeedResources(),
          main_llm: new ProxyLLM({ endpoint: wire.endpoint, model: wire.model }),
        },
        store,
        progress: false,
      });
      await trainer.fit(new UntracedLabAgent(), TRAIN_TASKS, { valDataset: VAL_TASKS });

      // The same progress as with a traced agent: the critic saw the gateway's records.
      expect(apo.history.map((h) => h.bestScore)).toEqual([0, 0.5, 1]);
      const agentCalls = model.calls.filter((c) => c.model === LAB_AGENT_MODEL);
      expect(agentCalls).toHaveLength(84);
      const critiques = model.calls.filter((c) => c.model === 'fake-critic');
      const seen = critiques.map((c) => JSON.stringify(c.messages)).join('\n');
      expect(seen).toContain('The sum might be');
      // Every agent call is in the store as the gateway's spans of its rollout.
      const rollouts = (await store.queryRollouts()).items;
      expect(rollouts).toHaveLength(84);
      for (const r of rollouts.slice(0, 10)) {
        const spans = (await store.querySpans(r.rollout_id)).items;
        expect(spans.some((s) => s.name === 'raw_gen_ai_request')).toBe(true);
      }
    } finally {
      await gateway.stop();
      await model.close();
    }
  });
});
