/**
 * Test fixtures of the LLM gateway: a deterministic vLLM-like model server and its toy tokenizer.
 *
 * @module
 */
export {
  /** Starts a deterministic vLLM-like model server (streaming, token ids, log-probs, directives). */
  createFakeUpstream,
  /** A one-shot behaviour queued with `enqueue()`. */
  type FakeBehaviour,
  /** A request the fake server received. */
  type FakeRequest,
  /** How the fake server treats `return_token_ids`. */
  type FakeReturnTokenIds,
  /** A running fake model server and its control API. */
  type FakeUpstream,
  /** Options of `createFakeUpstream`. */
  type FakeUpstreamOptions,
} from './fake-upstream.js';
export {
  /** Id of `<|im_end|>`, appended to finished generations. */
  FAKE_EOS_ID,
  /** A chat message as the fake chat template reads it. */
  type FakeChatMessage,
  /** Renders messages (and tools) with the fake chat template. */
  fakeChatPrompt,
  /** Turns token ids back into text. */
  fakeDetokenize,
  /** Turns text into the fake server's token ids. */
  fakeTokenize,
} from './tokenizer.js';
