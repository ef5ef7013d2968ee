/**
 * Everything known about one attributed call once it ended: the input of the record builders.
 */
import type { Deployment } from './models.js';
import type { RecordLayout } from './options.js';

/** How the upstream's token ids turned out (see the package README). */
export type TokenIdsState = 'complete' | 'absent' | 'mismatch' | 'partial';

/** The facts of one call. */
export interface CallFacts {
  rolloutId: string;
  attemptId: string;
  sequenceId: number;
  sequenceSource: 'allocated' | 'header';
  traceparent: { traceId: string; spanId: string } | null;
  layout: RecordLayout;
  primarySpanName: string;
  /** `chat` (also for translated messages calls) or `completions`. */
  route: 'chat' | 'completions';
  /** The routed path, e.g. `/v1/chat/completions`. */
  routedPath: string;
  /** `x-` request headers (name lower-cased, value) in arrival order, sensitive ones removed. */
  customHeaders: Array<[string, string]>;
  clientIp: string;
  deployment: Deployment;
  modelName: string;
  mode: 'train' | 'val' | 'test' | null;
  /** The body the agent sent. */
  agentBody: Record<string, unknown>;
  /** The body sent upstream. */
  upstreamBody: Record<string, unknown>;
  rewrittenKeys: string[];
  /** The agent asked for a stream. */
  agentStreamed: boolean;
  /** The upstream call streamed. */
  upstreamStreamed: boolean;
  /** The upstream answer (assembled for streams; with the generated id), or `null`. */
  answer: Record<string, unknown> | null;
  /** Upstream HTTP status (0 when none arrived). */
  upstreamStatus: number;
  /** The status the agent got (499 when it disconnected). */
  httpStatus: number;
  retryCount: number;
  tokenIds: TokenIdsState;
  /** Epoch milliseconds. */
  tArrival: number;
  tUpstreamStart: number;
  tUpstreamEnd: number;
  tRecord: number;
  timeToFirstTokenMs: number | null;
  incomplete: boolean;
  error: { type: string; message: string; body: string | null } | null;
}
