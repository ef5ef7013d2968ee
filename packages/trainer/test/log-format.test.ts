import { createConsoleLogger } from '@agl/store-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { consoleSink } from '../src/logging';

afterEach(() => vi.restoreAllMocks());

describe('trainer log lines', () => {
  it('use the one format of every agl package', () => {
    const printed: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => void printed.push(line));
    consoleSink({ level: 'warn', logger: 'agl.execution', message: 'SIGINT received; stopping' });
    createConsoleLogger({ name: 'agl.store', write: (l) => printed.push(l) }).warn('stopping');
    const shape = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z WARN agl\.[a-z.-]+: /;
    expect(printed).toHaveLength(2);
    for (const line of printed) expect(line).toMatch(shape);
  });
});
