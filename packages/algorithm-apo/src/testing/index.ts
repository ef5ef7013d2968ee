/**
 * Test fixtures for APO, shared by the package's tests and the examples: the
 * number-lab task, agent and reward; a deterministic fake critic/editor/agent
 * LLM in process and over HTTP; a recording store.
 *
 * @module
 */
export {
  createFakeApoLlm,
  type FakeApoLlm,
  type FakeApoLlmCall,
  type FakeApoLlmOptions,
  FakeApoModels,
} from './fake-llm';
export {
  type FakeApoLlmServer,
  type FakeApoLlmServerOptions,
  startFakeApoLlmServer,
} from './fake-llm-server';
export {
  chatSpan,
  FakeApoStore,
  type FakeApoStoreOptions,
  type FakeEnqueue,
  makeRollout,
  rewardSpan,
} from './fake-store';
export {
  chatResponse,
  createNumberLabAgent,
  F_BAD,
  F_FMT,
  F_NOOP,
  F_NUM,
  LAB_AGENT_MODEL,
  type LabTask,
  labReply,
  labReward,
  labSeedResources,
  type NumberLabAgentOptions,
  SEED_PROMPT,
  TRAIN_TASKS,
  VAL_TASKS,
} from './number-lab';
