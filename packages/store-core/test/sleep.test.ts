import { describe, expect, it } from 'vitest';
import { sleepSeconds } from '../src/backend';

describe('sleepSeconds', () => {
  it('resolves after the wait', async () => {
    await expect(sleepSeconds(0.001)).resolves.toBeUndefined();
  });

  it("rejects with the signal's reason when aborted before or during the wait", async () => {
    const before = new AbortController();
    before.abort(new Error('stopped'));
    await expect(sleepSeconds(60, before.signal)).rejects.toThrow('stopped');
    const during = new AbortController();
    const waiting = sleepSeconds(60, during.signal);
    during.abort(new Error('shutdown'));
    await expect(waiting).rejects.toThrow('shutdown');
  });
});
