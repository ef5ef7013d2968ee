import { InvalidArgumentError, NotImplementedStoreError } from '@agl/store-core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FunctionalLitAgent,
  LitAgent,
  llmRollout,
  promptRollout,
  type RolloutRawResult,
  rollout,
} from '../../src/agent';
import { captureLogs } from '../../src/logging';
import { LLM, PromptTemplate, ProxyLLM, type ResourceMap } from '../../src/resources';
import { DummyTracer } from '../../src/tracer';
import { fakeAttemptedRollout } from '../helpers';

let capture = captureLogs();
afterEach(() => {
  capture.restore();
  capture = captureLogs();
});

const info = fakeAttemptedRollout();
/** Lets test rollout functions return arbitrary values to observe what they were given. */
const out = (value: unknown) => value as RolloutRawResult;
const llm = (endpoint: string) => new LLM({ endpoint, model: 'm' });

describe('LitAgent', () => {
  it('serves training and validation from rollout; validation never calls trainingRollout', async () => {
    const calls: string[] = [];
    class Only extends LitAgent<number> {
      override rollout(task: number) {
        calls.push(`rollout:${task}`);
        return task * 2;
      }
      override trainingRollout(task: number, resources: ResourceMap, r: typeof info) {
        calls.push('training');
        return super.trainingRollout(task, resources, r);
      }
    }
    const agent = new Only();
    expect(await agent.trainingRollout(1, {}, info)).toBe(2);
    expect(await agent.validationRollout(2, {}, info)).toBe(4);
    expect(calls).toEqual(['training', 'rollout:1', 'rollout:2']);
    expect(agent.isAsync()).toBe(false);
  });

  it('uses the *Async aliases when a subclass overrides them', async () => {
    class AsyncAgent extends LitAgent<string> {
      override async rolloutAsync(task: string) {
        return task.length;
      }
    }
    const agent = new AsyncAgent();
    expect(agent.isAsync()).toBe(true);
    expect(await agent.validationRollout('abc', {}, info)).toBe(3);
    expect(await agent.trainingRollout('abcd', {}, info)).toBe(4);
  });

  it('throws NotImplementedStoreError when nothing is implemented', () => {
    expect(() => new LitAgent().rollout(1, {}, info)).toThrow(NotImplementedStoreError);
    expect(() => new LitAgent().rollout(1, {}, info)).toThrow(
      'Agents must implement the `rollout` method.',
    );
  });

  it('getTrainer/getRunner throw until set; getTracer prefers the runner', () => {
    const agent = new LitAgent();
    expect(() => agent.getTrainer()).toThrow(InvalidArgumentError);
    expect(() => agent.getTrainer()).toThrow('Trainer has not been set for this agent.');
    expect(() => agent.getRunner()).toThrow('Runner has not been set for this agent.');
    const trainerTracer = new DummyTracer();
    const runnerTracer = new DummyTracer();
    agent.setTrainer({ tracer: trainerTracer });
    expect(agent.tracer).toBe(trainerTracer);
    agent.setRunner({ tracer: runnerTracer });
    expect(agent.getTracer()).toBe(runnerTracer);
    expect(agent.trainer.tracer).toBe(trainerTracer);
  });

  it('warns when the deprecated trainedAgents option is used', () => {
    const agent = new LitAgent({ trainedAgents: 'planner' });
    expect(agent.trainedAgents).toBe('planner');
    expect(
      capture.records.some((r) => r.level === 'warn' && r.message.includes('deprecated')),
    ).toBe(true);
  });
});

describe('functional agents', () => {
  it('llmRollout injects the first LLM in insertion order and warns about more', async () => {
    const agent = llmRollout((task: number, model: LLM) => out(`${task}@${model.getBaseUrl()}`));
    const result = await agent.rollout(
      1,
      { first: llm('http://a'), second: llm('http://b') },
      info,
    );
    expect(result).toBe('1@http://a');
    expect(capture.records.some((r) => r.level === 'warn' && r.message.includes("'second'"))).toBe(
      true,
    );
  });

  it('llmRollout binds a ProxyLLM to the attempt unless stripProxy is false', async () => {
    const proxy = new ProxyLLM({ endpoint: 'http://p/v1', model: 'm' });
    const seen: LLM[] = [];
    await llmRollout((_t: unknown, model: LLM) => void seen.push(model)).rollout(
      0,
      { p: proxy },
      info,
    );
    expect(seen[0]).not.toBeInstanceOf(ProxyLLM);
    expect(seen[0]?.getBaseUrl()).toBe('http://p/rollout/ro-123/attempt/at-456/v1');
    await llmRollout((_t: unknown, model: LLM) => void seen.push(model), {
      stripProxy: false,
    }).rollout(0, { p: proxy }, info);
    expect(seen[1]).toBe(proxy);
  });

  it('throws clear errors for missing resources', () => {
    const withLlm = llmRollout(() => 1);
    expect(() => withLlm.rollout(0, {}, info)).toThrow(
      'No LLM resource found in the provided resources.',
    );
    expect(() => promptRollout(() => 1).rollout(0, { m: llm('http://a') }, info)).toThrow(
      'No prompt template resource found in the provided resources.',
    );
    const noAttempt = { ...info, attempt: undefined } as unknown as typeof info;
    expect(() =>
      withLlm.rollout(0, { p: new ProxyLLM({ endpoint: 'http://p', model: 'm' }) }, noAttempt),
    ).toThrow('Rollout is not an AttemptedRollout.');
  });

  it('promptRollout injects the first prompt template', async () => {
    const agent = promptRollout((task: { name: string }, template: PromptTemplate) =>
      out(template.format(task)),
    );
    expect(
      await agent.rollout(
        { name: 'Ada' },
        { a: llm('http://a'), t: new PromptTemplate('Hi {name}') },
        info,
      ),
    ).toBe('Hi Ada');
  });

  it('rollout() infers the kind from the parameter names or throws NotImplementedStoreError', async () => {
    const byLlm = rollout((_task: unknown, llm: LLM) => out(llm.model));
    expect(byLlm.kind).toBe('llm');
    const byPrompt = rollout(async function agentFn(
      _task: unknown,
      promptTemplate: PromptTemplate,
    ) {
      return out(promptTemplate.template);
    });
    expect(byPrompt.kind).toBe('prompt_template');
    expect(byPrompt.name).toBe('agentFn');
    expect(byPrompt.isAsync()).toBe(true);
    expect(byLlm.isAsync()).toBe(false);
    expect(() => rollout((_task: unknown, other: unknown) => out(other))).toThrow(
      NotImplementedStoreError,
    );
    expect(rollout((_t: unknown, x: unknown) => out(x), { kind: 'prompt_template' }).kind).toBe(
      'prompt_template',
    );
  });

  it('invoke() calls the original function', async () => {
    const agent = llmRollout((task: number, model: LLM) => out(`${task}:${model.model}`));
    expect(agent).toBeInstanceOf(FunctionalLitAgent);
    expect(agent.invoke(5, llm('http://x'), info)).toBe('5:m');
  });
});
