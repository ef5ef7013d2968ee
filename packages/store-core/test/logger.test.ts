import { describe, expect, it } from 'vitest';
import {
  createConsoleLogger,
  InvalidArgumentError,
  logLevelFromEnv,
  parseLogLevel,
  silentLogger,
  UnknownLogLevelError,
} from '../src/index';

describe('logger', () => {
  it('parses level names case-insensitively and takes warning for warn', () => {
    expect(parseLogLevel('DEBUG')).toBe('debug');
    expect(parseLogLevel(' warning ')).toBe('warn');
    expect(parseLogLevel('warn')).toBe('warn');
    expect(parseLogLevel('verbose')).toBeUndefined();
    expect(parseLogLevel(undefined)).toBeUndefined();
  });

  it('reads AGL_LOG_LEVEL, falls back when unset and rejects unknown names', () => {
    expect(logLevelFromEnv({ AGL_LOG_LEVEL: 'error' })).toBe('error');
    expect(logLevelFromEnv({}, 'warn')).toBe('warn');
    expect(logLevelFromEnv({ AGL_LOG_LEVEL: '' })).toBe('info');
    expect(() => logLevelFromEnv({ AGL_LOG_LEVEL: 'verbose' })).toThrow(UnknownLogLevelError);
    expect(() => logLevelFromEnv({ AGL_LOG_LEVEL: 'verbose' })).toThrow(/AGL_LOG_LEVEL.*verbose/);
    expect(new UnknownLogLevelError('x', 'y')).toBeInstanceOf(InvalidArgumentError);
  });

  it('writes lines at or above its level with name, level and details', () => {
    const lines: string[] = [];
    const log = createConsoleLogger({
      level: 'warn',
      name: 'agl.test',
      write: (l) => lines.push(l),
    });
    log.info('hidden');
    log.warn('shown', { a: 1 });
    log.error('failed', new Error('boom'));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT.* WARN agl\.test: shown \{"a":1\}$/);
    expect(lines[1]).toContain('ERROR agl.test: failed\nError: boom');
    expect(log.isEnabled?.('info')).toBe(false);
    expect(log.isEnabled?.('error')).toBe(true);
  });

  it('the silent logger drops everything', () => {
    expect(silentLogger.isEnabled?.('error')).toBe(false);
    expect(() => silentLogger.error('x')).not.toThrow();
  });
});
