import { connect } from 'node:net';
import { MetricsRegistry } from '@agl/metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { type Rig, rig } from './helpers.js';

let r: Rig;
afterEach(() => r?.close());

describe('a client that goes away mid-body', () => {
  it('ends the call (seen by the HTTP metrics) and leaves nothing in flight', async () => {
    const metrics = new MetricsRegistry();
    r = await rig({ metrics });
    const url = new URL(r.base);
    await new Promise<void>((resolve) => {
      const socket = connect(Number(url.port), url.hostname, () => {
        socket.write(
          `POST ${url.pathname}/v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"model": "toy"`,
        );
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 50);
      });
    });
    await expect
      .poll(async () =>
        (await metrics.text()).includes(
          'path="/rollout/{rollout_id}/attempt/{attempt_id}/v1/chat/completions"',
        ),
      )
      .toBe(true);
    expect(r.proxy.state().inflight).toBe(0);
    expect(r.fake.requests).toHaveLength(0);
    const ok = await r.client.chat.completions.create({
      model: 'toy',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(ok.choices[0]?.message.content).toBe('Echo: Hi');
  });
});
