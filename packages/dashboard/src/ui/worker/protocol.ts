/**
 * Messages between the page and the spans worker. The worker owns an
 * attempt's spans (fetching, parsing, classifying, building the tree) and
 * sends the page a compact row model; the page asks for single spans, search
 * matches and the conversation when it needs them.
 */
import type { StoreErrorInfo } from '../../core/errors';
import type { ConversationTurn } from '../../core/messages';
import type { SpanReward } from '../../core/rewards';
import type { SpanRowModel } from '../../core/span-rows';
import type { WireSpan } from '../../core/wire';

/** What the worker needs to open an attempt. */
export interface OpenRequest {
  type: 'open';
  /** Absolute URL of the API root's parent (`…` in `…/v1/agl/spans`). */
  base: string;
  /** Extra request headers (the access key, when the store asks for one). */
  headers: Record<string, string>;
  credentials: RequestCredentials;
  rolloutId: string;
  attemptId: string;
  attemptStart: number | null;
  /** Source of the LLM-call name pattern. */
  llm: string;
}

/** Page → worker. */
export type ToWorker =
  | OpenRequest
  | { type: 'sync'; id: number }
  | { type: 'llm'; llm: string }
  | { type: 'headers'; headers: Record<string, string> }
  | { type: 'span'; id: number; spanId: string }
  | { type: 'search'; id: number; term: string }
  | { type: 'conversation'; id: number };

/** Counts and the final reward of an attempt. */
export interface AttemptSummary {
  llmCalls: number;
  rewardSpans: number;
  errors: number;
  /** Final reward counting only current conventions, and counting legacy ones too. */
  final: SpanReward | null;
  finalWithLegacy: SpanReward | null;
}

/** The attempt conversation (Messages tab) and spans sharing a response. */
export interface ConversationData {
  turns: (ConversationTurn & { title: string })[];
  same: Map<string, string>;
}

/** Worker → page. */
export type FromWorker =
  | { type: 'progress'; received: number; total: number }
  | {
      type: 'model';
      model: SpanRowModel;
      summary: AttemptSummary;
      received: number;
      total: number;
      loading: boolean;
    }
  | { type: 'synced'; id: number; total: number }
  | { type: 'failed'; id: number; status: number; error: StoreErrorInfo }
  | { type: 'span'; id: number; span: WireSpan | null }
  | { type: 'search'; id: number; matches: Int32Array }
  | { type: 'conversation'; id: number; data: ConversationData };
