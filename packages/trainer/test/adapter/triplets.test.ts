import { describe, expect, it } from 'vitest';
import {
  extractImageUrls,
  TracerTraceToTriplet,
  TraceTree,
  type TripletPrompt,
} from '../../src/adapter';
import { captureLogs } from '../../src/logging';
import { llm, mk, reward } from './build';

describe('TracerTraceToTriplet: finding LLM calls', () => {
  it('finds an LLM span outside the planner subtree only when repair is enabled (agentMatch)', () => {
    const spans = [
      mk('root', null, 'session', 0, 10),
      mk('planner', 'root', 'agent', 1, 5, { 'agent.name': 'planner' }),
      mk('other', 'root', 'agent', 6, 9, { 'agent.name': 'coder' }),
      llm('l1', 'root', 2, 3),
      llm('l2', 'other', 7, 8),
    ];
    const repaired = new TracerTraceToTriplet({ agentMatch: 'planner' }).adapt(spans);
    expect(repaired.map((t) => t.metadata.response_id)).toEqual(['resp-l1']);
    expect(repaired[0]?.metadata.agent_name).toBe('planner');
    expect(
      new TracerTraceToTriplet({ agentMatch: 'planner', repairHierarchy: false }).adapt(spans),
    ).toEqual([]);
    const all = new TracerTraceToTriplet().adapt(spans);
    expect(all.map((t) => [t.metadata.response_id, t.metadata.agent_name])).toEqual([
      ['resp-l1', 'planner'],
      ['resp-l2', 'coder'],
    ]);
  });

  it('records "*" as the agent outside any agent and uses the configurable name pattern', () => {
    const spans = [
      mk('root', null, 'session', 0, 10),
      mk('c', 'root', 'chat gpt-4o', 1, 2, { 'gen_ai.response.id': 'x' }),
    ];
    expect(new TracerTraceToTriplet().adapt(spans)).toEqual([]);
    const [t] = new TracerTraceToTriplet({ llmCallMatch: /^chat / }).adapt(spans);
    expect(t?.metadata.agent_name).toBe('*');
  });

  it('deduplicates by response id and skips nested instrumentation without an id', () => {
    const spans = [
      mk('root', null, 'session', 0, 10),
      llm('a', 'root', 1, 4),
      mk('nested', 'a', 'openai.chat.completion.raw', 1.5, 3.5),
      llm('b', 'root', 5, 6, { 'gen_ai.response.id': 'resp-a' }),
    ];
    const triplets = new TracerTraceToTriplet({ repairHierarchy: false }).adapt(spans);
    expect(triplets.map((t) => t.metadata.response_id)).toEqual(['resp-a']);
  });

  it('drops calls without token ids when skipEmptyTokenSpans is set', () => {
    const logs = captureLogs();
    const spans = [
      mk('root', null, 's', 0, 10),
      llm('a', 'root', 1, 2),
      llm('b', 'root', 3, 4, { prompt_token_ids: [] }),
    ];
    expect(new TracerTraceToTriplet().adapt(spans)).toHaveLength(2);
    expect(
      new TracerTraceToTriplet({ skipEmptyTokenSpans: true })
        .adapt(spans)
        .map((t) => t.metadata.response_id),
    ).toEqual(['resp-a']);
    logs.restore();
    expect(
      logs.records.some((r) => r.level === 'warn' && /token ids are empty/.test(r.message)),
    ).toBe(true);
  });

  it('excludes LLM calls inside reward spans unless told otherwise', () => {
    const spans = [
      mk('root', null, 's', 0, 10),
      llm('a', 'root', 1, 2),
      mk('judge', 'root', 'agentlightning.operation', 3, 6, {
        'agentlightning.operation.name': 'agentlightning.reward',
      }),
      llm('inside', 'judge', 4, 5),
    ];
    expect(new TracerTraceToTriplet({ repairHierarchy: false }).adapt(spans)).toHaveLength(1);
    expect(
      new TracerTraceToTriplet({ repairHierarchy: false, excludeLlmCallInReward: false }).adapt(
        spans,
      ),
    ).toHaveLength(2);
  });
});

describe('TracerTraceToTriplet: rewards', () => {
  it('first_occurrence credits the most recent earlier call without a reward', () => {
    const spans = [
      mk('root', null, 's', 0, 20),
      reward('r0', 'root', 0.5, 9),
      llm('l1', 'root', 1, 2),
      llm('l2', 'root', 3, 4),
      reward('rA', 'root', 5, 0.7),
      reward('rB', 'root', 6, 0.3),
      llm('l3', 'root', 7, 8),
    ];
    const triplets = new TracerTraceToTriplet({ repairHierarchy: false }).adapt(spans);
    expect(triplets.map((t) => t.reward)).toEqual([0.3, 0.7, null]);
  });

  it('follows the reference by default: a reward stamped before the call end is not credited', () => {
    // A writer with a millisecond clock: the call started at 999.0004 s (stamped 999.000), lasted
    // 1.95 ms, so its end is 999.00195; the reward was emitted at 999.00196 but stamped 999.001.
    const spans = [
      mk('root', null, 's', 999, 1000),
      llm('l1', 'root', 999.0, 999.00195),
      reward('r', 'root', 999.001, 1),
    ];
    expect(
      new TracerTraceToTriplet({ repairHierarchy: false }).adapt(spans).map((t) => t.reward),
    ).toEqual([null]);
    // Reading such spans, a tolerance can be asked for explicitly.
    expect(
      new TracerTraceToTriplet({ repairHierarchy: false, rewardClockToleranceSeconds: 0.001 })
        .adapt(spans)
        .map((t) => t.reward),
    ).toEqual([1]);
  });

  it('credits a reward that starts exactly at the call end', () => {
    const spans = [
      mk('root', null, 's', 0, 20),
      llm('l1', 'root', 1, 3.000123),
      reward('r', 'root', 3.000123, 1),
    ];
    expect(
      new TracerTraceToTriplet({ repairHierarchy: false }).adapt(spans).map((t) => t.reward),
    ).toEqual([1]);
  });

  it('does not credit a reward that started before the call ended, even with a 1 ms tolerance', () => {
    const spans = [
      mk('root', null, 's', 0, 20),
      llm('l1', 'root', 1, 3),
      reward('r', 'root', 2.5, 1),
    ];
    expect(
      new TracerTraceToTriplet({ repairHierarchy: false, rewardClockToleranceSeconds: 0.001 })
        .adapt(spans)
        .map((t) => t.reward),
    ).toEqual([null]);
  });

  it('first_sibling credits only earlier sibling calls', () => {
    const spans = [
      mk('root', null, 's', 0, 20),
      mk('agent', 'root', 'agent', 0.5, 3, { 'agent.name': 'solver' }),
      llm('l1', 'agent', 1, 2),
      reward('r', 'root', 5, 1),
      mk('agent2', 'root', 'agent', 6, 9, { 'agent.name': 'checker' }),
      llm('l2', 'agent2', 7, 8),
      reward('r2', 'agent2', 8.5, 0.25),
    ];
    const options = { repairHierarchy: false } as const;
    expect(new TracerTraceToTriplet(options).adapt(spans).map((t) => t.reward)).toEqual([1, 0.25]);
    expect(
      new TracerTraceToTriplet({ ...options, rewardMatch: 'first_sibling' })
        .adapt(spans)
        .map((t) => t.reward),
    ).toEqual([null, 0.25]);
  });

  it('toTrajectory({finalReward}) overwrites the last triplet reward', () => {
    const tree = TraceTree.fromSpans([
      mk('root', null, 's', 0, 9),
      llm('l1', 'root', 1, 2),
      llm('l2', 'root', 3, 4),
      reward('r', 'root', 5, 0.5),
    ]);
    expect(tree.toTrajectory().map((t) => t.reward)).toEqual([null, 0.5]);
    expect(tree.toTrajectory({ finalReward: 1 }).map((t) => t.reward)).toEqual([null, 1]);
  });
});

describe('TracerTraceToTriplet: triplet contents', () => {
  it('exposes token ids, raw content, image urls, logprobs and metadata', () => {
    const span = llm('l1', null, 1, 2, {
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.request.temperature': 0.2,
      'gen_ai.prompt.0.role': 'system',
      'gen_ai.prompt.0.content': 'be brief',
      'gen_ai.prompt.1.role': 'user',
      'gen_ai.prompt.1.content': JSON.stringify([
        { type: 'text', text: 'what is this?' },
        { type: 'image_url', image_url: { url: 'https://img/1.png' } },
      ]),
      'gen_ai.completion.0.role': 'assistant',
      'gen_ai.completion.0.content': 'a cat',
      'gen_ai.response.model': 'gpt-4o-2024',
      'logprobs.content': '[{"token": "a", "logprob": -0.1}]',
    });
    const [t] = new TracerTraceToTriplet().adapt([span]);
    expect(t).toEqual({
      prompt: {
        token_ids: [1, 2],
        raw_content: [
          { role: 'system', content: 'be brief' },
          { role: 'user', content: span.attributes['gen_ai.prompt.1.content'] },
        ],
        image_urls: ['https://img/1.png'],
      },
      response: {
        token_ids: [3],
        raw_content: [{ role: 'assistant', content: 'a cat' }],
        logprobs: [{ token: 'a', logprob: -0.1 }],
      },
      reward: null,
      metadata: {
        response_id: 'resp-l1',
        request: { model: 'gpt-4o', temperature: 0.2 },
        response: { id: 'resp-l1', model: 'gpt-4o-2024' },
        agent_name: '*',
      },
    });
  });

  it('falls back to agentlightning.operation.* attributes', () => {
    const span = mk('op', null, 'openai.chat.completion', 1, 2, {
      'agentlightning.operation.input.messages.0.role': 'user',
      'agentlightning.operation.input.messages.0.content': 'hi',
      'agentlightning.operation.input.model': 'm',
      'agentlightning.operation.output.id': 'out-1',
      'agentlightning.operation.output.prompt_token_ids': [5, 6],
      'agentlightning.operation.output.choices.0.token_ids': [7],
      'agentlightning.operation.output.choices.0.message.content': 'hello',
      'agentlightning.operation.output.usage.total_tokens': 3,
    });
    const [t] = new TracerTraceToTriplet().adapt([span]);
    expect((t?.prompt as TripletPrompt | undefined)?.token_ids).toEqual([5, 6]);
    expect(t?.response).toMatchObject({
      token_ids: [7],
      raw_content: [{ token_ids: [7], message: { content: 'hello' } }],
    });
    expect((t?.prompt as TripletPrompt | undefined)?.raw_content).toEqual([
      { role: 'user', content: 'hi' },
    ]);
    expect(t?.metadata).toMatchObject({
      response_id: 'out-1',
      request: { model: 'm' },
      response: { id: 'out-1', usage: { total_tokens: 3 } },
    });
  });

  it('warns about token ids of the wrong type and uses the next candidate', () => {
    const logs = captureLogs();
    const span = llm('l', null, 1, 2, {
      prompt_token_ids: 'oops',
      'agentlightning.operation.output.prompt_token_ids': [9],
    });
    const [t] = new TracerTraceToTriplet().adapt([span]);
    logs.restore();
    expect((t?.prompt as TripletPrompt | undefined)?.token_ids).toEqual([9]);
    expect(
      logs.records.some((r) => r.level === 'warn' && r.message.includes('prompt_token_ids')),
    ).toBe(true);
  });
});

describe('extractImageUrls', () => {
  const part = (url: string) => ({ type: 'image_url', image_url: { url } });

  it('collects URLs in message order from arrays, JSON strings and numeric-keyed objects', () => {
    expect(
      extractImageUrls([
        { content: [part('a')] },
        { content: JSON.stringify([part('b'), { type: 'text' }]) },
      ]),
    ).toEqual(['a', 'b']);
    expect(
      extractImageUrls({ 10: { content: [part('late')] }, 2: { content: [part('early')] } }),
    ).toEqual(['early', 'late']);
    expect(extractImageUrls({ content: [part('single')] })).toEqual(['single']);
  });

  it('skips unparseable or non-list content', () => {
    expect(
      extractImageUrls([{ content: '{not json' }, { content: 'plain text' }, { content: 5 }]),
    ).toEqual([]);
    expect(extractImageUrls(null)).toEqual([]);
  });
});
