/**
 * The data types of APO: the chat client it needs, the prompt templates it
 * renders, what a rollout contributes to a critique, and the history it keeps.
 *
 * @module
 */
import type { ChatRecord, PromptTemplate } from '@agl/trainer';
import type { RolloutStatus, Span } from '@agl/types';

/** One chat message APO sends to its critic or editor model. */
export interface ApoChatMessage {
  /** Who speaks. */
  role: 'system' | 'user' | 'assistant';
  /** The text. */
  content: string;
}

/** The body of every chat request APO makes: these three keys and nothing else. */
export interface ApoChatRequest {
  /** The model name (a deployment name on Azure). */
  model: string;
  /** The rendered critique or edit messages. */
  messages: ApoChatMessage[];
  /** Sampling temperature; always sent, also when it is 1. */
  temperature: number;
}

/** The part of a chat completion APO reads: the first choice's content. */
export interface ApoChatResponse {
  /** The choices; only `choices[0].message.content` is used. */
  choices: ReadonlyArray<{ message: { content?: string | null } }>;
}

/**
 * The OpenAI-compatible client APO talks to, typed by its shape only: the
 * official `openai` client (`new OpenAI({baseURL, apiKey})`), `AzureOpenAI`,
 * or an in-process fake all fit.
 */
export interface ChatCompletionsClient {
  /** The chat API. */
  chat: {
    /** Chat completions. */
    completions: {
      /** Creates one non-streaming completion. */
      create(body: ApoChatRequest): PromiseLike<ApoChatResponse>;
    };
  };
}

/** What one finished rollout contributes to a critique (plain JSON). */
export interface RolloutResultForAPO {
  /** The rollout's status (`succeeded`, `failed`, `cancelled`, ...). */
  status: RolloutStatus;
  /** The last reward found in its spans, or `null`. */
  final_reward: number | null;
  /** Every span of the rollout, as stored. */
  spans: Span[];
  /** The LLM calls of the rollout as chat records (`TraceToMessages`). */
  messages: ChatRecord[];
}

/** What a critique template renders (snake_case: these are template variables). */
export interface GradientPromptContext {
  /** The parent prompt text. */
  prompt_template: string;
  /** The sampled rollout results. */
  experiments: readonly RolloutResultForAPO[];
}

/** What an edit template renders. */
export interface ApplyEditPromptContext {
  /** The parent prompt text. */
  prompt_template: string;
  /** The critique produced by the critic model. */
  critique: string;
}

/** A critique or edit template: a name for logs and a render function. */
export interface ApoPrompt<C> {
  /** Shown in logs, e.g. `text_gradient_variant01`. */
  readonly name: string;
  /** Builds the chat messages for a context. */
  render(context: C): ApoChatMessage[];
}

/** A candidate prompt with its version id and its latest validation-batch score. */
export interface VersionedPromptTemplate {
  /** `v0`, `v1`, ... (also the resources id it is published under). */
  version: string;
  /** The prompt. */
  promptTemplate: PromptTemplate;
  /** Its latest validation-batch score; `null` until scored. */
  score: number | null;
}

/** One candidate created during a round. */
export interface ApoCandidateRecord {
  /** Its version. */
  version: string;
  /** The version it was edited from. */
  parentVersion: string;
  /** Its text. */
  template: string;
  /** The critique that produced it (`null` when the critique failed and the parent was copied). */
  critique: string | null;
}

/** One prompt of the beam after selection. */
export interface ApoBeamRecord {
  /** Its version. */
  version: string;
  /** Its text. */
  template: string;
  /** Its validation-batch score (`null` before round 1 scores it). */
  score: number | null;
}

/** One entry per scoring of the beam: round 0 is the seed's validation, then rounds 1..R. */
export interface ApoHistoryEntry {
  /** 0 = seed validation, then 1..beamRounds. */
  round: number;
  /** Candidates created in this round, in generation order. */
  candidates: ApoCandidateRecord[];
  /** Every prompt scored on this round's validation batch, in evaluation order. */
  scored: ApoBeamRecord[];
  /** The beam after selection, best first. */
  beam: ApoBeamRecord[];
  /** The beam leader's version. */
  leaderVersion: string;
  /** The leader's score on the whole validation set. */
  leaderScore: number;
  /** The best version after this round. */
  bestVersion: string;
  /** The best score after this round (never decreases). */
  bestScore: number;
  /** Whether the leader beat the previous best strictly. */
  improved: boolean;
  /** Rollouts of this round that finished `failed` or `cancelled` (they count as reward 0 unless they emitted one). */
  failedRollouts: number;
}

/** What `APO.result()` returns after a run. */
export interface ApoResult {
  /** The best prompt found. */
  bestPrompt: PromptTemplate;
  /** Its version. */
  bestVersion: string;
  /** Its score on the whole validation set (`-Infinity` when never measured). */
  bestScore: number;
  /** Every round, the seed validation first. */
  history: ApoHistoryEntry[];
}

/** Options of the single-step methods: the log prefix. */
export interface ApoStepOptions {
  /** Prefix of the step's log lines, e.g. `[Round 01 | Prompt v0] `. */
  prefix?: string;
}

/** What a critique-and-edit step produced. */
export interface CritiqueAndEdit {
  /** The critique (`null` when the critic gave none). */
  critique: string | null;
  /** The new prompt text (the parent's own text when the critique failed; `null`/`""` when the edit failed). */
  text: string | null;
}
