import { describe, expect, it } from 'vitest';
import { SseParser } from '../src/core/sse';

describe('SseParser', () => {
  it('parses events split across chunks, with ids, retry and comments', () => {
    const parser = new SseParser();
    expect(parser.push('retry: 3000\n\n: ping\n\nid: e-1\nevent: hel')).toEqual([]);
    expect(parser.retryMs).toBe(3000);
    expect(parser.push('lo\ndata: {"a":1}\n\n')).toEqual([
      { event: 'hello', data: '{"a":1}', lastEventId: 'e-1' },
    ]);
    expect(parser.push('data: one\r\ndata:two\r\n\r\nevent: rollout\rdata: x\r')).toEqual([
      { event: 'message', data: 'one\ntwo', lastEventId: 'e-1' },
    ]);
    expect(parser.push('\r')).toEqual([{ event: 'rollout', data: 'x', lastEventId: 'e-1' }]);
  });

  it('ignores events without data and unknown fields', () => {
    const parser = new SseParser();
    expect(parser.push('event: nothing\n\nfoo: bar\ndata\n\n')).toEqual([
      { event: 'message', data: '', lastEventId: '' },
    ]);
  });
});
