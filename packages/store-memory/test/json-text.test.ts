import { forgetJsonText, takeJsonText } from '@agl/store-core/backend';
import { describe, expect, it } from 'vitest';
import { makeSpan, makeStore } from './helpers';

describe('the JSON text the store hands over for the span it stored', () => {
  it('is the span serialised, with its UTF-8 length', async () => {
    const { store } = makeStore();
    const { rollout_id, attempt } = await store.startRollout({ task: 't' }, { workerId: 'w' });
    const span = makeSpan(rollout_id, attempt.attempt_id, 's1', { name: 'caf\u00e9 \ud83d\ude80' });
    forgetJsonText();
    const stored = await store.addSpan(span);
    const taken = takeJsonText(stored);
    expect(taken?.text).toBe(JSON.stringify(stored));
    expect(taken?.utf8Bytes).toBe(Buffer.byteLength(JSON.stringify(stored)));
    expect(taken?.utf8Bytes).toBeGreaterThan(taken?.text.length ?? 0);
  });

  it('carries no length when a custom estimator sizes the spans', async () => {
    const { store } = makeStore({ spanSizeEstimator: () => 7 });
    const { rollout_id, attempt } = await store.startRollout({ task: 't' }, { workerId: 'w' });
    forgetJsonText();
    const stored = await store.addSpan(makeSpan(rollout_id, attempt.attempt_id, 's1'));
    expect(takeJsonText(stored)).toEqual({ text: JSON.stringify(stored), utf8Bytes: undefined });
  });
});
