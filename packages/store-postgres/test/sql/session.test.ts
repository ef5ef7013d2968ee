import { InvalidArgumentError } from '@agl/store-core';
import { describe, expect, inject, it } from 'vitest';
import { createPgClient, createPostgresStore } from '../../src/index';
import { type SynchronousCommit, sessionOptions } from '../../src/sql/session';
import { statementName } from '../../src/sql/statement-names';

const url = inject('pgUrl');

describe('sessionOptions', () => {
  it('forces generic plans and durable commits by default', () => {
    expect(sessionOptions('postgres://u@h/db')).toBe(
      '-c plan_cache_mode=force_generic_plan -c synchronous_commit=on',
    );
  });

  it('keeps the options of the URL before its own settings', () => {
    const withOptions = 'postgres://u@h/db?options=-c%20search_path%3Dagl';
    expect(sessionOptions(withOptions, 'off')).toBe(
      '-c search_path=agl -c plan_cache_mode=force_generic_plan -c synchronous_commit=off',
    );
  });

  it('refuses an unknown synchronous_commit value with InvalidArgumentError', () => {
    expect(() => sessionOptions('postgres://u@h/db', 'sometimes' as SynchronousCommit)).toThrow(
      InvalidArgumentError,
    );
    expect(() =>
      createPgClient({
        databaseUrl: 'postgres://u@h/db',
        synchronousCommit: 'x' as SynchronousCommit,
      }),
    ).toThrow(/synchronousCommit must be one of on, off, local, remote_write, remote_apply/);
  });

  it('createPostgresStore refuses it before connecting', async () => {
    await expect(
      createPostgresStore({
        databaseUrl: 'postgres://u@127.0.0.1:1/db',
        synchronousCommit: 'never' as SynchronousCommit,
      }),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});

describe('statementName', () => {
  it('names a text the same way every time and different texts differently', () => {
    const a = statementName('SELECT 1');
    expect(a).toMatch(/^agl_[0-9a-f]{20}$/);
    expect(statementName('SELECT 1')).toBe(a);
    expect(statementName('SELECT 2')).not.toBe(a);
  });
});

describe.skipIf(url === null)('session settings on a real server', () => {
  it('every pooled connection runs with the configured settings', async () => {
    const client = createPgClient({
      databaseUrl: url as string,
      maxConnections: 2,
      synchronousCommit: 'off',
    });
    try {
      // Two transactions at once use both pooled connections.
      const settings = await Promise.all(
        [0, 1].map(() =>
          client.transaction(async (tx) => {
            const [row] = await tx.query<{ sc: string; pcm: string }>(
              `SELECT current_setting('synchronous_commit') AS sc,
                      current_setting('plan_cache_mode') AS pcm, pg_sleep(0.05)::text AS slept`,
            );
            return row;
          }),
        ),
      );
      expect(settings).toEqual([
        expect.objectContaining({ sc: 'off', pcm: 'force_generic_plan' }),
        expect.objectContaining({ sc: 'off', pcm: 'force_generic_plan' }),
      ]);
    } finally {
      await client.close();
    }
  });
});
