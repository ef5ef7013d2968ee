import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/routes/dispatch';

const dispatch = createDispatcher([
  ['POST', '/v1/agl/rollouts/search', 'search'],
  ['GET', '/v1/agl/rollouts/{rollout_id}', 'get'],
  ['POST', '/v1/agl/rollouts/{rollout_id}', 'update'],
  ['GET', '/v1/agl/resources/latest', 'latest'],
  ['POST', '/v1/agl/resources/{resources_id}', 'updateResources'],
  ['GET', '/v1/agl/things/{id}', 'thing'],
  ['GET', '/v1/agl/things/special', 'unreachable'],
]);

describe('createDispatcher', () => {
  it('lets a literal route registered first win over a parameter route', () => {
    expect(dispatch('POST', '/v1/agl/rollouts/search')).toEqual({ value: 'search', params: {} });
    expect(dispatch('POST', '/v1/agl/rollouts/ro-1')).toEqual({
      value: 'update',
      params: { rollout_id: 'ro-1' },
    });
  });

  it('sends a literal path of another method to the parameter route', () => {
    expect(dispatch('GET', '/v1/agl/rollouts/search')).toEqual({
      value: 'get',
      params: { rollout_id: 'search' },
    });
    expect(dispatch('POST', '/v1/agl/resources/latest')).toEqual({
      value: 'updateResources',
      params: { resources_id: 'latest' },
    });
    expect(dispatch('GET', '/v1/agl/resources/latest')?.value).toBe('latest');
  });

  it('keeps registration order when a parameter route precedes a literal one', () => {
    expect(dispatch('GET', '/v1/agl/things/special')).toEqual({
      value: 'thing',
      params: { id: 'special' },
    });
  });

  it('percent-decodes parameters and keeps malformed escapes as sent', () => {
    expect(dispatch('GET', '/v1/agl/rollouts/a%2Fb%20c')?.params).toEqual({ rollout_id: 'a/b c' });
    expect(dispatch('GET', '/v1/agl/rollouts/%E0%A4%A')?.params).toEqual({
      rollout_id: '%E0%A4%A',
    });
  });

  it('answers HEAD like GET and nothing for unknown paths, empty segments or other methods', () => {
    expect(dispatch('HEAD', '/v1/agl/resources/latest')?.value).toBe('latest');
    expect(dispatch('GET', '/v1/agl/rollouts/')).toBeUndefined();
    expect(dispatch('GET', '/v1/agl/rollouts/a/b')).toBeUndefined();
    expect(dispatch('PUT', '/v1/agl/rollouts/a')).toBeUndefined();
  });
});
