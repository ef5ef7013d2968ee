import { describe, expect, it } from 'vitest';
import {
  validateAttemptUpdate,
  validateCreateRolloutOptions,
  validateRolloutUpdate,
} from '../../src/backend';
import { InvalidArgumentError } from '../../src/index';

describe('argument validation', () => {
  it('rejects a null status or config in a rollout update', () => {
    expect(() => validateRolloutUpdate({ status: null as never })).toThrow(
      'status is invalid; it cannot be a null value.',
    );
    expect(() => validateRolloutUpdate({ config: null as never })).toThrow(InvalidArgumentError);
  });

  it('accepts explicit nulls where the wire allows them', () => {
    expect(() =>
      validateRolloutUpdate({ mode: null, resourcesId: null, metadata: null }),
    ).not.toThrow();
  });

  it('rejects unknown statuses and modes', () => {
    expect(() => validateRolloutUpdate({ status: 'done' as never })).toThrow(
      /Invalid rollout status/,
    );
    expect(() => validateCreateRolloutOptions({ mode: 'dev' as never })).toThrow(/Invalid mode/);
    expect(() => validateAttemptUpdate({ status: 'requeuing' as never })).toThrow(
      /Invalid attempt status/,
    );
  });

  it('rejects values of the wrong type', () => {
    expect(() => validateCreateRolloutOptions({ metadata: [] as never })).toThrow(/metadata/);
    expect(() => validateAttemptUpdate({ lastHeartbeatTime: '1' as never })).toThrow(
      /last_heartbeat_time/,
    );
    expect(() => validateAttemptUpdate({ workerId: 3 as never })).toThrow(/worker_id/);
  });
});
