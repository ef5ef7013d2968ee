import { FAKE_EOS_ID, fakeTokenize } from '@agl/llm-proxy/testing';
import { describe, expect, it } from 'vitest';
import { startTs } from '../shared/processes';
import { formatReport, trainThroughGateway } from './train';

describe('an unmodified OpenAI-client agent trained through the LLM gateway', () => {
  it('shared memory: every call is recorded and adapted into triplets with the model token ids and rewards', async () => {
    const reports = await trainThroughGateway('shm');
    expect(reports.map((r) => r.triplets.length)).toEqual([1, 1, 1]);
    const responses = reports.map(
      (r) => (r.triplets[0]?.response as { token_ids: number[] } | undefined)?.token_ids,
    );
    expect(responses).toEqual([
      [...fakeTokenize('4'), FAKE_EOS_ID],
      [...fakeTokenize('7'), FAKE_EOS_ID],
      [...fakeTokenize('11'), FAKE_EOS_ID],
    ]);
    expect(reports.map((r) => r.triplets[0]?.reward)).toEqual([1, 1, 0]);
  });

  it('client-server: runner processes reach the gateway over HTTP and the same triplets come back', async () => {
    const run = startTs('llm-proxy-agent/main.ts', ['cs']);
    expect(await run.exited, run.output()).toBe(0);
    const expected = (await trainThroughGateway('shm')).map(formatReport);
    for (const line of expected) expect(run.output()).toContain(line);
  });
});
