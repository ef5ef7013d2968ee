import { InvalidArgumentError } from '@agl/store-core';
import { NamedResourcesSchema } from '@agl/types';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { captureLogs } from '../../src/logging';
import {
  hydrateResources,
  LLM,
  type PromptTemplate,
  ProxyLLM,
  proxyBaseUrl,
  toWireResources,
} from '../../src/resources';
import { fakeAttemptedRollout } from '../helpers';

let capture = captureLogs();
afterEach(() => {
  capture.restore();
  capture = captureLogs();
});

describe('LLM and ProxyLLM', () => {
  it('LLM.getBaseUrl ignores its arguments', () => {
    const llm = new LLM({ endpoint: 'http://h:1/v1', model: 'm' });
    expect(llm.getBaseUrl('r', 'a')).toBe('http://h:1/v1');
    expect(llm.toJSON()).toEqual({
      resource_type: 'llm',
      endpoint: 'http://h:1/v1',
      model: 'm',
      api_key: null,
      sampling_parameters: {},
    });
  });

  it('ProxyLLM builds per-attempt URLs, keeping /v1 last', () => {
    const proxy = new ProxyLLM({ endpoint: 'http://localhost:11434', model: 'm' });
    expect(proxy.getBaseUrl('rollout-123', 'attempt-456')).toBe(
      'http://localhost:11434/rollout/rollout-123/attempt/attempt-456',
    );
    expect(proxyBaseUrl('http://h:1/v1/', 'r', 'a')).toBe('http://h:1/rollout/r/attempt/a/v1');
    expect(proxyBaseUrl('http://h:1/v1', 'r', 'a')).toBe('http://h:1/rollout/r/attempt/a/v1');
    expect(proxy.getBaseUrl(null, null)).toBe('http://localhost:11434');
    expect(proxy.getBaseUrl()).toBe('http://localhost:11434');
  });

  it('ProxyLLM rejects a single id or non-string ids', () => {
    const proxy = new ProxyLLM({ endpoint: 'http://h', model: 'm' });
    expect(() => proxy.getBaseUrl('r', null)).toThrow(InvalidArgumentError);
    expect(() => proxy.getBaseUrl(null, 'a')).toThrow(/must be strings or all be empty/);
    expect(() => proxyBaseUrl('http://h', 1, 'a')).toThrow(/must be strings or all be empty/);
  });

  it('reading ProxyLLM.endpoint warns; getBaseUrl and toJSON do not', () => {
    const proxy = new ProxyLLM({ endpoint: 'http://h', model: 'm' });
    proxy.getBaseUrl('r', 'a');
    JSON.stringify(proxy);
    expect(capture.records.filter((r) => r.level === 'warn')).toHaveLength(0);
    expect(proxy.endpoint).toBe('http://h');
    expect(
      capture.records.some((r) =>
        r.message.includes("Accessing 'endpoint' directly on ProxyLLM is discouraged"),
      ),
    ).toBe(true);
  });

  it('withAttemptedRollout returns a plain LLM bound to the attempt', () => {
    const proxy = new ProxyLLM({
      endpoint: 'http://h:1/v1',
      model: 'm',
      apiKey: 'k',
      samplingParameters: { temperature: 0.3 },
    });
    const bound = proxy.withAttemptedRollout(fakeAttemptedRollout());
    expect(bound).toBeInstanceOf(LLM);
    expect(bound).not.toBeInstanceOf(ProxyLLM);
    expect(bound.toJSON()).toEqual({
      resource_type: 'llm',
      endpoint: 'http://h:1/rollout/ro-123/attempt/at-456/v1',
      model: 'm',
      api_key: 'k',
      sampling_parameters: { temperature: 0.3 },
    });
  });
});

describe('named resources', () => {
  const wire = {
    main: {
      resource_type: 'llm',
      endpoint: 'http://a',
      model: 'm',
      api_key: null,
      sampling_parameters: {},
    },
    proxy: {
      resource_type: 'proxy_llm',
      endpoint: 'http://p',
      model: 'm',
      api_key: null,
      sampling_parameters: {},
    },
    prompt: { resource_type: 'prompt_template', template: 'Hi {name}', engine: 'f-string' },
  } as const;

  it('round-trips through the wire schema and the helper classes', () => {
    const parsed = v.parse(NamedResourcesSchema, JSON.parse(JSON.stringify(wire)));
    const objects = hydrateResources(parsed);
    expect(Object.keys(objects)).toEqual(['main', 'proxy', 'prompt']);
    expect(objects.main).toBeInstanceOf(LLM);
    expect(objects.proxy).toBeInstanceOf(ProxyLLM);
    expect((objects.prompt as PromptTemplate).format({ name: 'Ada' })).toBe('Hi Ada');
    expect(JSON.parse(JSON.stringify(objects))).toEqual(wire);
    expect(toWireResources(objects)).toEqual(wire);
  });

  it('rejects an unknown resource_type', () => {
    expect(() => v.parse(NamedResourcesSchema, { x: { resource_type: 'vector_db' } })).toThrow();
    expect(() => hydrateResources({ x: { resource_type: 'vector_db' } } as never)).toThrow(
      /Unknown resource_type/,
    );
  });
});
