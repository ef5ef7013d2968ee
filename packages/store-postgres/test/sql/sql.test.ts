import {
  InternalStoreError,
  InvalidArgumentError,
  NotFoundError,
  UnavailableError,
} from '@agl/store-core';
import { describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../src/index';
import { isRetryableSqlError, toStoreError } from '../../src/sql/errors';
import { Mutex } from '../../src/sql/mutex';

const sqlError = (code: string, message = 'boom') => Object.assign(new Error(message), { code });

describe('toStoreError', () => {
  it('passes store errors through unchanged', () => {
    const error = new NotFoundError('Rollout ro-1 not found');
    expect(toStoreError(error)).toBe(error);
  });

  it('maps values PostgreSQL cannot store to InvalidArgumentError', () => {
    for (const code of ['22021', '22003', '54000']) {
      const mapped = toStoreError(sqlError(code));
      expect(mapped).toBeInstanceOf(InvalidArgumentError);
      expect(mapped.cause).toBeInstanceOf(Error);
    }
  });

  it('maps connection failures to UnavailableError', () => {
    expect(toStoreError(sqlError('ECONNREFUSED'))).toBeInstanceOf(UnavailableError);
    expect(toStoreError(sqlError('57P01', 'terminating connection'))).toBeInstanceOf(
      UnavailableError,
    );
    expect(toStoreError(new Error('Connection terminated unexpectedly'))).toBeInstanceOf(
      UnavailableError,
    );
  });

  it('maps anything else to InternalStoreError with the cause kept', () => {
    const cause = sqlError('42P01', 'relation does not exist');
    const mapped = toStoreError(cause);
    expect(mapped).toBeInstanceOf(InternalStoreError);
    expect(mapped.message).toContain('relation does not exist');
    expect(mapped.cause).toBe(cause);
  });

  it('retries only deadlocks and serialisation failures', () => {
    expect(isRetryableSqlError(sqlError('40P01'))).toBe(true);
    expect(isRetryableSqlError(sqlError('40001'))).toBe(true);
    expect(isRetryableSqlError(sqlError('23505'))).toBe(false);
    expect(isRetryableSqlError(new Error('x'))).toBe(false);
  });
});

describe('Mutex', () => {
  it('runs critical sections one at a time in call order, even after a failure', async () => {
    const mutex = new Mutex();
    const log: string[] = [];
    const section = (name: string, fail = false) =>
      mutex.run(async () => {
        log.push(`${name}:in`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        log.push(`${name}:out`);
        if (fail) throw new Error(name);
        return name;
      });
    const results = await Promise.allSettled([section('a'), section('b', true), section('c')]);
    expect(log).toEqual(['a:in', 'a:out', 'b:in', 'b:out', 'c:in', 'c:out']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});

describe('createPostgresStore', () => {
  it('fails with UnavailableError when the server cannot be reached', async () => {
    await expect(
      createPostgresStore({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none' }),
    ).rejects.toBeInstanceOf(UnavailableError);
  });
});
