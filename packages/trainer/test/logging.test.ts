import type { Logger } from '@agl/store-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { captureLogs, getLogger, setLogger, setLogLevel, setLogSink } from '../src/logging';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('named loggers', () => {
  it('hand records to any store-core Logger, name first, details kept', () => {
    const lines: string[] = [];
    const failure = new Error('boom');
    const target: Logger = {
      debug: (m) => lines.push(`debug ${m}`),
      info: (m) => lines.push(`info ${m}`),
      warn: (m, ...d) => lines.push(`warn ${m} ${d.length}`),
      error: (m, ...d) => lines.push(`error ${m} ${d[0] === failure}`),
    };
    const previousSink = setLogger(target);
    const previousLevel = setLogLevel('info');
    try {
      const log = getLogger('agl.test');
      log.debug('hidden');
      log.info('shown');
      log.warn('two details', 1, 2);
      log.error('failed', failure);
      expect(log.isEnabled?.('debug')).toBe(false);
      expect(log.isEnabled?.('warn')).toBe(true);
    } finally {
      setLogSink(previousSink);
      setLogLevel(previousLevel);
    }
    expect(lines).toEqual([
      'info agl.test: shown',
      'warn agl.test: two details 2',
      'error agl.test: failed true',
    ]);
  });

  it('report an unknown AGL_LOG_LEVEL once instead of failing the import', async () => {
    vi.stubEnv('AGL_LOG_LEVEL', 'loud');
    vi.resetModules();
    const fresh = await import('../src/logging');
    const logs = fresh.captureLogs();
    try {
      fresh.getLogger('agl.a').info('one');
      fresh.getLogger('agl.b').info('two');
    } finally {
      logs.restore();
    }
    expect(logs.records.map((r) => `${r.level} ${r.logger}: ${r.message}`)).toEqual([
      "warn agl: AGL_LOG_LEVEL: unknown log level 'loud' (expected debug, info, warn, error); using info",
      'info agl.a: one',
      'info agl.b: two',
    ]);
  });

  it('read AGL_LOG_LEVEL as the starting level', async () => {
    vi.stubEnv('AGL_LOG_LEVEL', 'WARNING');
    vi.resetModules();
    const fresh = await import('../src/logging');
    expect(fresh.getLogger('x').isEnabled?.('info')).toBe(false);
    expect(fresh.getLogger('x').isEnabled?.('warn')).toBe(true);
    expect(captureLogs).not.toBe(fresh.captureLogs);
  });
});
