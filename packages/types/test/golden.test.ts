import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import * as t from '../src/index';

const dir = new URL('./fixtures/python/v0.3.0/', import.meta.url);
const read = (name: string): unknown =>
  JSON.parse(readFileSync(fileURLToPath(new URL(name, dir)), 'utf8'));
const manifest = read('manifest.json') as {
  documents: Record<string, string>;
  negative: Record<string, string>;
};
const schemaNamed = (name: string): v.GenericSchema => {
  const schema = (t as Record<string, unknown>)[name];
  if (!schema) throw new Error(`@agl/types has no export ${name}`);
  return schema as v.GenericSchema;
};

describe('golden documents in the Python shape', () => {
  for (const [file, schemaName] of Object.entries(manifest.documents)) {
    it(`${file} parses with ${schemaName} and re-serialises unchanged`, () => {
      const original = read(file);
      const parsed = v.parse(schemaNamed(schemaName), original);
      const reserialised = JSON.parse(JSON.stringify(parsed));
      expect(reserialised).toEqual(original);
      // Python's key order is the declaration order; keep it.
      expect(Object.keys(reserialised as object)).toEqual(Object.keys(original as object));
    });
  }

  for (const [file, schemaName] of Object.entries(manifest.negative)) {
    it(`negative/${file} is rejected by ${schemaName}`, () => {
      const result = v.safeParse(schemaNamed(schemaName), read(`negative/${file}`));
      expect(result.success).toBe(false);
      expect(result.issues?.length).toBeGreaterThan(0);
    });
  }
});

describe('parsing fills the reference defaults', () => {
  it('a minimal rollout gets every optional key', () => {
    const rollout = v.parse(t.RolloutSchema, { rollout_id: 'ro-1', input: null, start_time: 1 });
    expect(rollout).toEqual({
      rollout_id: 'ro-1',
      input: null,
      start_time: 1,
      end_time: null,
      mode: null,
      resources_id: null,
      status: 'queuing',
      config: {
        timeout_seconds: null,
        unresponsive_seconds: null,
        max_attempts: 1,
        retry_condition: [],
      },
      metadata: null,
    });
  });

  it('a rollout without the input key is rejected, one with input null is not', () => {
    expect(v.safeParse(t.RolloutSchema, { rollout_id: 'ro-1', start_time: 1 }).success).toBe(false);
    expect(
      v.safeParse(t.RolloutSchema, { rollout_id: 'ro-1', input: null, start_time: 1 }).success,
    ).toBe(true);
  });

  it('a minimal attempt is preparing with null optionals', () => {
    const attempt = v.parse(t.AttemptSchema, {
      rollout_id: 'ro-1',
      attempt_id: 'at-1',
      sequence_id: 1,
      start_time: 2,
    });
    expect(attempt).toMatchObject({
      status: 'preparing',
      end_time: null,
      worker_id: null,
      metadata: null,
    });
  });

  it('a standalone LLM defaults its discriminator and fills api_key and sampling parameters', () => {
    expect(v.parse(t.LlmSchema, { endpoint: 'http://x', model: 'm', extra: 1 })).toEqual({
      resource_type: 'llm',
      endpoint: 'http://x',
      model: 'm',
      api_key: null,
      sampling_parameters: {},
    });
  });

  it('default sampling parameters are not shared between parses', () => {
    const a = v.parse(t.LlmSchema, { endpoint: 'e', model: 'm' });
    const b = v.parse(t.LlmSchema, { endpoint: 'e', model: 'm' });
    expect(a.sampling_parameters).not.toBe(b.sampling_parameters);
  });

  it('unknown keys are dropped from rollouts and OTel resources but kept on spans', () => {
    const rollout = v.parse(t.RolloutSchema, {
      rollout_id: 'r',
      input: 1,
      start_time: 1,
      junk: true,
    });
    expect(rollout).not.toHaveProperty('junk');
    const resource = v.parse(t.OtelResourceSchema, { attributes: {}, schema_url: '', junk: 1 });
    expect(resource).not.toHaveProperty('junk');
    const status = v.parse(t.TraceStatusSchema, { status_code: 'OK', origin: 'x' });
    expect(status).toEqual({ status_code: 'OK', description: null, origin: 'x' });
  });

  it('update requests keep absent keys absent and explicit nulls null', () => {
    expect(v.parse(t.UpdateRolloutRequestSchema, {})).toEqual({});
    expect(v.parse(t.UpdateRolloutRequestSchema, { mode: null })).toEqual({ mode: null });
    expect(v.parse(t.UpdateAttemptRequestSchema, { worker_id: '' })).toEqual({ worker_id: '' });
    expect(v.parse(t.UpdateWorkerRequestSchema, {})).toEqual({});
  });

  it('query requests take the reference defaults', () => {
    expect(v.parse(t.QueryAttemptsRequestSchema, {})).toEqual({
      limit: -1,
      offset: 0,
      sort_by: 'sequence_id',
      sort_order: 'asc',
    });
    expect(v.parse(t.QueryRolloutsRequestSchema, {})).toMatchObject({
      sort_by: null,
      filter_logic: 'and',
      status_in: null,
    });
  });

  it('integers must be integral', () => {
    expect(v.safeParse(t.DequeueManyRolloutsRequestSchema, { limit: 1.5 }).success).toBe(false);
    expect(v.safeParse(t.DequeueManyRolloutsRequestSchema, { limit: 2.0 }).success).toBe(true);
  });

  it('heterogeneous attribute arrays are rejected, homogeneous ones kept', () => {
    expect(v.safeParse(t.AttributesSchema, { a: [1, 'x'] }).success).toBe(false);
    expect(v.parse(t.AttributesSchema, { a: [1, 2], b: ['x'], c: [true] })).toEqual({
      a: [1, 2],
      b: ['x'],
      c: [true],
    });
  });
});
