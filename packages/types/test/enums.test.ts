import { describe, expect, it } from 'vitest';
import { statusCodeName } from '../src/index';

describe('statusCodeName', () => {
  it('names the three OpenTelemetry codes and reads anything else as UNSET', () => {
    expect([0, 1, 2].map(statusCodeName)).toEqual(['UNSET', 'OK', 'ERROR']);
    expect(statusCodeName(undefined)).toBe('UNSET');
    expect(statusCodeName(7)).toBe('UNSET');
    expect(statusCodeName(-1)).toBe('UNSET');
  });
});
