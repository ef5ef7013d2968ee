import { describe, expect, it } from 'vitest';
import { EXCHANGES, routeOf } from './helpers/fixtures';

describe('fixture helper', () => {
  it('maps recorded paths to routes with the reference precedence', () => {
    expect(routeOf('POST', '/v1/agl/rollouts/search')).toBe('searchRollouts');
    expect(routeOf('GET', '/v1/agl/rollouts/search')).toBe('getRollout');
    expect(routeOf('POST', '/v1/agl/rollouts/ro-1')).toBe('updateRollout');
    expect(routeOf('GET', '/v1/agl/resources/latest')).toBe('getLatestResources');
    expect(routeOf('POST', '/v1/agl/resources/latest')).toBe('updateResources');
    expect(routeOf('GET', '/v1/agl/rollouts/ro-1/attempts/latest')).toBe('getLatestAttempt');
    expect(routeOf('POST', '/v1/agl/rollouts/ro-1/attempts/search')).toBe('searchAttempts');
    expect(routeOf('POST', '/v1/traces')).toBeUndefined();
    expect(EXCHANGES.length).toBe(171);
  });
});
