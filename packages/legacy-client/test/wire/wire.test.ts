import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { LegacyValidationError } from '../../src/errors';
import {
  GenericResponseSchema,
  LegacyResourcesUpdateSchema,
  LegacyResourcesUpdateV02Schema,
  parseWire,
  RolloutLegacySchema,
  TaskIfAnySchema,
  TaskSchema,
  TripletSchema,
} from '../../src/wire/index';
import { thrownBy } from '../helpers';

const snapshot = {
  resources_id: 'res-1',
  create_time: 1.5,
  update_time: 2.5,
  version: 1,
  resources: { llm: { resource_type: 'llm', endpoint: 'http://x/v1', model: 'm' } },
};

describe('Task and TaskIfAny', () => {
  it('serialises an empty answer as is_available false with a null task', () => {
    expect(JSON.stringify(v.parse(TaskIfAnySchema, { is_available: false }))).toBe(
      '{"is_available":false,"task":null}',
    );
  });

  it('fills all eight task keys, nulls included', () => {
    const task = v.parse(TaskSchema, { rollout_id: 'r', input: { q: 1 } });
    expect(task).toEqual({
      rollout_id: 'r',
      input: { q: 1 },
      mode: null,
      resources_id: null,
      create_time: null,
      last_claim_time: null,
      num_claims: null,
      metadata: {},
    });
    expect(Object.keys(JSON.parse(JSON.stringify(task)))).toHaveLength(8);
  });

  it('accepts only train, val, test or null as mode', () => {
    for (const mode of ['train', 'val', 'test', null]) {
      expect(v.parse(TaskSchema, { rollout_id: 'r', input: 1, mode }).mode).toBe(mode);
    }
    expect(() =>
      parseWire(TaskSchema, { rollout_id: 'r', input: 1, mode: 'training' }, 'Task'),
    ).toThrow(LegacyValidationError);
  });

  it('requires the input key but allows a null input', () => {
    expect(v.safeParse(TaskSchema, { rollout_id: 'r' }).success).toBe(false);
    expect(v.parse(TaskSchema, { rollout_id: 'r', input: null }).input).toBeNull();
  });
});

describe('ResourcesUpdate', () => {
  it.each(['resources_id', 'create_time', 'update_time', 'version', 'resources'])(
    'fails without %s',
    (key) => {
      const body: Record<string, unknown> = { ...snapshot };
      delete body[key];
      expect(v.safeParse(LegacyResourcesUpdateSchema, body).success).toBe(false);
    },
  );

  it('reads resources by resource_type with defaults for api_key and sampling_parameters', () => {
    const parsed = v.parse(LegacyResourcesUpdateSchema, {
      ...snapshot,
      resources: {
        a: { resource_type: 'llm', endpoint: 'e', model: 'm' },
        b: { resource_type: 'proxy_llm', endpoint: 'e', model: 'm', api_key: 'k' },
        c: { resource_type: 'prompt_template', template: 'Hi {x}', engine: 'f-string' },
      },
    });
    expect(parsed.resources.a).toEqual({
      resource_type: 'llm',
      endpoint: 'e',
      model: 'm',
      api_key: null,
      sampling_parameters: {},
    });
    expect(parsed.resources.b).toMatchObject({ resource_type: 'proxy_llm', api_key: 'k' });
    expect(parsed.resources.c).toEqual({
      resource_type: 'prompt_template',
      template: 'Hi {x}',
      engine: 'f-string',
    });
  });

  it('rejects an unknown resource_type', () => {
    const body = { ...snapshot, resources: { x: { resource_type: 'database', url: 'u' } } };
    expect(v.safeParse(LegacyResourcesUpdateSchema, body).success).toBe(false);
  });

  it('reads v0.2.x snapshots only with the compat schema', () => {
    const old = { resources_id: 'res-1', resources: snapshot.resources };
    expect(v.safeParse(LegacyResourcesUpdateSchema, old).success).toBe(false);
    expect(v.parse(LegacyResourcesUpdateV02Schema, old)).toMatchObject({
      create_time: 0,
      update_time: 0,
      version: 1,
    });
  });
});

describe('Triplet and RolloutLegacy', () => {
  it('requires only rollout_id and fills the other six keys', () => {
    expect(v.parse(RolloutLegacySchema, { rollout_id: 'x' })).toEqual({
      rollout_id: 'x',
      task: null,
      final_reward: null,
      triplets: null,
      trace: null,
      logs: null,
      metadata: {},
    });
    expect(v.safeParse(RolloutLegacySchema, { final_reward: 1 }).success).toBe(false);
  });

  it('defaults a triplet reward to null and metadata to {}, and accepts integer rewards', () => {
    expect(v.parse(TripletSchema, { prompt: 'p', response: 'r' })).toEqual({
      prompt: 'p',
      response: 'r',
      reward: null,
      metadata: {},
    });
    expect(v.parse(TripletSchema, { prompt: 'p', response: 'r', reward: 1 }).reward).toBe(1);
  });

  it('coerces booleans and numeric strings in rewards like the reference', () => {
    expect(
      v.parse(RolloutLegacySchema, { rollout_id: 'x', final_reward: '1.5' }).final_reward,
    ).toBe(1.5);
    expect(v.parse(RolloutLegacySchema, { rollout_id: 'x', final_reward: true }).final_reward).toBe(
      1,
    );
    expect(v.safeParse(RolloutLegacySchema, { rollout_id: 'x', final_reward: 'abc' }).success).toBe(
      false,
    );
    expect(v.safeParse(RolloutLegacySchema, { rollout_id: 'x', final_reward: {} }).success).toBe(
      false,
    );
  });

  it('ignores unknown keys', () => {
    expect(v.parse(RolloutLegacySchema, { rollout_id: 'x', extra: 5 })).not.toHaveProperty('extra');
  });

  it('defaults GenericResponse fields', () => {
    expect(v.parse(GenericResponseSchema, {})).toEqual({
      status: 'success',
      message: null,
      data: null,
    });
  });
});

describe('validation errors', () => {
  it('reports problems FastAPI-style', () => {
    const body = { final_reward: 'high', triplets: [{ prompt: 'p' }] };
    const error = thrownBy(() => parseWire(RolloutLegacySchema, body, 'RolloutLegacy'));
    if (!(error instanceof LegacyValidationError)) throw error;
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toMatch(/^Invalid RolloutLegacy: /);
    expect(error.issues).toEqual([
      { type: 'missing', loc: ['rollout_id'], msg: 'Field required', input: expect.any(Object) },
      {
        type: 'float_parsing',
        loc: ['final_reward'],
        msg: 'Input should be a valid number, unable to parse string as a number',
        input: 'high',
      },
      {
        type: 'missing',
        loc: ['triplets', 0, 'response'],
        msg: 'Field required',
        input: { prompt: 'p' },
      },
    ]);
  });

  it('names the allowed literals', () => {
    const error = thrownBy(() =>
      parseWire(TaskSchema, { rollout_id: 'r', input: 1, mode: 'x' }, 'Task'),
    );
    expect((error as LegacyValidationError).issues[0]).toMatchObject({
      type: 'literal_error',
      loc: ['mode'],
      msg: "Input should be 'train', 'val' or 'test'",
      ctx: { expected: "'train', 'val' or 'test'" },
    });
  });
});
