import { StoreError } from '@agl/store-core';
import { describe, expect, it } from 'vitest';
import { CliError } from '../src/errors';

describe('CliError', () => {
  it('is a store error whose code follows the exit code', () => {
    const usage = new CliError('--port must be a number', 2);
    const cannotRun = new CliError('port 4747 is taken');
    expect(usage).toBeInstanceOf(StoreError);
    expect([usage.code, usage.exitCode, usage.name]).toEqual(['INVALID_ARGUMENT', 2, 'CliError']);
    expect([cannotRun.code, cannotRun.exitCode]).toEqual(['INVALID_STATE', 1]);
    expect(cannotRun.message).toBe('port 4747 is taken');
  });
});
