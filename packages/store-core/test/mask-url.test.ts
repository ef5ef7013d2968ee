import { describe, expect, it } from 'vitest';
import { maskCredentials } from '../src/mask-url';

describe('maskCredentials', () => {
  it('masks the password of every URL in a text', () => {
    expect(
      maskCredentials(
        'cannot open postgres://agl:s3cr%40t@db:5432/agl: connect to postgresql://u:p@h/x failed',
      ),
    ).toBe('cannot open postgres://agl:***@db:5432/agl: connect to postgresql://u:***@h/x failed');
  });

  it('masks password parameters and leaves URLs without a password alone', () => {
    expect(maskCredentials('host=db password=hunter2 user=x')).toBe('host=db password=*** user=x');
    expect(maskCredentials('postgres://db/agl?password=hunter2&sslmode=off')).toBe(
      'postgres://db/agl?password=***&sslmode=off',
    );
    expect(maskCredentials('postgres://agl@db:5432/agl http://127.0.0.1:4747')).toBe(
      'postgres://agl@db:5432/agl http://127.0.0.1:4747',
    );
  });
});

describe('printed store errors', () => {
  it('show no Python class name (the wire error_type is data only)', async () => {
    const { inspect } = await import('node:util');
    const { NotFoundError } = await import('../src/errors');
    const error = new NotFoundError('Rollout ro-1 not found');
    expect(error.pythonType).toBe('ValueError');
    expect(inspect(error)).not.toContain('ValueError');
  });
});
