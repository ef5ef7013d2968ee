/**
 * The dashboard's framework-free logic: message extraction, rewards, the
 * span tree, secret masking, resource diffs, formatting and request
 * building. Usable by any UI and by server code.
 *
 * @module
 */

export {
  type DiffLine,
  diffResources,
  type FieldChange,
  lineDiff,
  type ResourceDiff,
  templatePlaceholders,
} from './diff';
export { describeStoreError, isEvictedError, type StoreErrorInfo } from './errors';
export {
  DEFAULT_HEARTBEAT_THRESHOLDS,
  formatAge,
  formatCount,
  formatDuration,
  formatReward,
  formatTime,
  type HeartbeatThresholds,
  heartbeatHealth,
  previewValue,
} from './format';
export {
  clampPage,
  formatListState,
  type ListSpec,
  type ListState,
  parseListState,
} from './list-state';
export { apiKeyLabel, HIDDEN, isSecretKey, maskJson, maskString } from './mask';
export {
  buildConversation,
  type ChatMessage,
  type ConversationTurn,
  DEFAULT_LLM_CALL_PATTERN,
  extractLlmCall,
  isLlmCall,
  type LlmCall,
  normaliseMessage,
  sameResponseAs,
  type ToolCall,
} from './messages';
export {
  API_PREFIX,
  attemptsUrl,
  eventsUrl,
  healthUrl,
  MAX_LIMIT,
  modeCountUrls,
  type PageQuery,
  ROLLOUT_MODES,
  ROLLOUT_STATUSES,
  type RolloutFilters,
  resourcesListUrl,
  resourcesUrl,
  rolloutsUrl,
  rolloutUrl,
  SORTABLE,
  type SpanQuery,
  segment,
  snapshotCountUrls,
  spansUrl,
  statisticsUrl,
  WORKER_STATUSES,
  workersUrl,
  workerUrl,
} from './query';
export {
  type FinalRewardOptions,
  finalReward,
  finalRewardFromDescending,
  type RewardDimension,
  type RewardSpan,
  type SpanReward,
  spanReward,
} from './rewards';
export {
  ROLLOUT_LIST,
  type RolloutListRequest,
  type RolloutsLink,
  rolloutListRequest,
  rolloutsPageHref,
  type ServerSideFilter,
} from './rollout-list';
export {
  type BarLayout,
  barLayout,
  buildSpanTree,
  pathsTo,
  type SpanNode,
  type SpanTree,
  visibleRows,
} from './span-tree';
export { parseJsonText, unflattenPrefix } from './unflatten';
export type {
  WireAttempt,
  WirePage,
  WireResources,
  WireRollout,
  WireSpan,
  WireSpanStatus,
  WireWorker,
} from './wire';
