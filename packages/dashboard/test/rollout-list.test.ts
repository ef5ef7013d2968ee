import { describe, expect, it } from 'vitest';
import { formatListState, type ListSpec, parseListState } from '../src/core/list-state';
import { modeCountUrls, ROLLOUT_MODES, rolloutsUrl } from '../src/core/query';
import { ROLLOUT_LIST, rolloutListRequest, rolloutsPageHref } from '../src/core/rollout-list';

const params = (url: string) => new URL(url, 'http://x').searchParams;

describe('counts by mode (Overview)', () => {
  it('asks one limit=1 request per mode, none included, only on a server with rollout_filters', () => {
    expect(modeCountUrls(false)).toBeNull();
    expect(modeCountUrls(true)).toEqual([
      { mode: 'train', url: '/v1/agl/rollouts?limit=1&offset=0&mode_in=train' },
      { mode: 'val', url: '/v1/agl/rollouts?limit=1&offset=0&mode_in=val' },
      { mode: 'test', url: '/v1/agl/rollouts?limit=1&offset=0&mode_in=test' },
      { mode: 'none', url: '/v1/agl/rollouts?limit=1&offset=0&mode_in=none' },
    ]);
  });
});

describe('resources_id in the Rollouts URL state', () => {
  it('reads repeated resources_id values, drops empty and repeated ones, and writes them back', () => {
    const state = parseListState(
      '?status=failed&resources_id=v0&resources_id=&resources_id=rs%2F1+a%26b&resources_id=v0',
      ROLLOUT_LIST,
    );
    expect(state.resourcesId).toEqual(['v0', 'rs/1 a&b']);
    expect(state.status).toEqual(['failed']);
    const text = formatListState(state, ROLLOUT_LIST);
    expect(text).toBe('?status=failed&resources_id=v0&resources_id=rs%2F1+a%26b');
    expect(parseListState(text, ROLLOUT_LIST)).toEqual(state);
  });

  it('is ignored by lists that do not offer it (Resources, Runners)', () => {
    const other: ListSpec = { ...ROLLOUT_LIST, resourcesIdFilter: false };
    const state = parseListState('?resources_id=v0', other);
    expect(state.resourcesId).toEqual([]);
    expect(formatListState(state, other)).toBe('');
  });
});

describe('links into the Rollouts page', () => {
  it('writes the filters the way the page writes its own URL', () => {
    expect(rolloutsPageHref({})).toBe('/rollouts');
    expect(rolloutsPageHref({ status: ['queuing'] })).toBe('/rollouts?status=queuing');
    expect(rolloutsPageHref({ mode: ['none'] })).toBe('/rollouts?mode=none');
    const href = rolloutsPageHref({ status: ['succeeded'], resourcesId: ['rs/1 a&b'] });
    expect(href).toBe('/rollouts?status=succeeded&resources_id=rs%2F1+a%26b');
    const state = parseListState(href.slice('/rollouts'.length), ROLLOUT_LIST);
    expect(state).toMatchObject({ status: ['succeeded'], mode: [], resourcesId: ['rs/1 a&b'] });
  });

  it('opens, for every mode link of the Overview, a URL state that asks for that mode', () => {
    for (const mode of ROLLOUT_MODES) {
      const href = rolloutsPageHref({ mode: [mode] });
      const state = parseListState(href.slice(href.indexOf('?')), ROLLOUT_LIST);
      const { filters } = rolloutListRequest(state, true);
      expect(filters).not.toBeNull();
      const sent = params(rolloutsUrl({ limit: 100, offset: 0 }, filters ?? {}));
      expect(sent.getAll('mode_in')).toEqual([mode]);
    }
  });
});

describe('the Rollouts request for a URL state', () => {
  const state = parseListState('?status=failed&mode=val&resources_id=v3&q=ro-', ROLLOUT_LIST);
  const page = { limit: 100, offset: 0 };

  it('applies mode and resources filters through mode_in and resources_id_in with rollout_filters', () => {
    const { filters, unapplied } = rolloutListRequest(state, true);
    expect(unapplied).toEqual([]);
    expect(rolloutsUrl(page, filters ?? {})).toBe(
      '/v1/agl/rollouts?limit=100&offset=0&status_in=failed&rollout_id_contains=ro-&mode_in=val&resources_id_in=v3',
    );
  });

  it('never sends them to a plain server and reports them as not applied', () => {
    const { filters, unapplied } = rolloutListRequest(state, false);
    expect(unapplied).toEqual(['mode', 'resources_id']);
    const sent = params(rolloutsUrl(page, filters ?? {}));
    expect(sent.has('mode_in')).toBe(false);
    expect(sent.has('resources_id_in')).toBe(false);
    expect(sent.getAll('status_in')).toEqual(['failed']);
    const onlyResources = parseListState('?resources_id=v3', ROLLOUT_LIST);
    expect(rolloutListRequest(onlyResources, false).unapplied).toEqual(['resources_id']);
  });

  it('waits for the server capabilities only when the state has a server-side filter', () => {
    expect(rolloutListRequest(state, null)).toEqual({ filters: null, unapplied: [] });
    const plain = parseListState('?status=failed', ROLLOUT_LIST);
    const { filters, unapplied } = rolloutListRequest(plain, null);
    expect(unapplied).toEqual([]);
    expect(rolloutsUrl(page, filters ?? {})).toBe(
      '/v1/agl/rollouts?limit=100&offset=0&status_in=failed',
    );
  });
});
