import type { LightningStore } from '@agl/store-core';
import { InMemoryLightningStore } from '@agl/store-memory';
import type { Span } from '@agl/types';
import { afterEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../helpers';

/**
 * The in-memory store whose `addSpan` answers a copy of the stored span: the
 * server cannot reuse the store's JSON text and serialises the answer itself.
 */
function copyingStore(): LightningStore {
  const store = new InMemoryLightningStore({ watchdogIntervalSeconds: null });
  return new Proxy(store, {
    get(target, key, receiver) {
      if (key === 'addSpan')
        return async (span: Span) => {
          const stored = await target.addSpan(span);
          return stored === null ? null : (JSON.parse(JSON.stringify(stored)) as Span);
        };
      const value = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** A span body with what the lenient parser and the schema let through. */
function spanBody(rolloutId: string, attemptId: string, spanId: string): string {
  return `{"span_id":"${spanId}","rollout_id":"${rolloutId}","attempt_id":"${attemptId}","sequence_id":3,"trace_id":"${'b'.repeat(32)}","parent_id":null,"name":"r\u00e9sum\u00e9 \ud83d\ude80","status":{"status_code":"ERROR"},"attributes":{"big":123456789012345678901234567890,"e":1e-7,"s":"line\\nbreak \\u0000 \\"q\\""},"events":[],"links":[],"start_time":1717171721.5,"end_time":null,"context":null,"parent":null,"resource":{"attributes":{},"schema_url":""},"extra_key":{"kept":[1,2],"nan":NaN,"inf":-Infinity}}`;
}

describe('POST /v1/agl/spans answers the stored span', () => {
  const apps: TestApp[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
  });

  it('with the same bytes whether or not the store hands its JSON text over', async () => {
    const texts: string[] = [];
    for (const store of [undefined, copyingStore()]) {
      const app = testApp({}, store);
      apps.push(app);
      const started = await app.store.startRollout({ task: 't' }, { workerId: 'w' });
      const { rollout_id } = started;
      const { attempt_id } = started.attempt;
      const body = spanBody(rollout_id, attempt_id, '00000000000000c1');
      const reply = await app.call('POST', '/v1/agl/spans', {
        raw: body,
        headers: { 'content-type': 'application/json' },
      });
      expect(reply.text).toContain(`"span_id"`);
      expect(reply.status).toBe(201);
      texts.push(reply.text.replaceAll(rollout_id, 'RO').replaceAll(attempt_id, 'AT'));
      const again = await app.call('POST', '/v1/agl/spans', {
        raw: body,
        headers: { 'content-type': 'application/json' },
      });
      texts.push(again.text);
    }
    expect(texts[0]).toBe(texts[2]);
    // A duplicate answers null either way.
    expect(texts[1]).toBe('null');
    expect(texts[3]).toBe('null');
    expect(JSON.parse(texts[0] as string).extra_key.nan).toBeNull();
  });
});
