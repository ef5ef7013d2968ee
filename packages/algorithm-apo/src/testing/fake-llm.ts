/**
 * A deterministic stand-in for the critic, editor and agent models, in
 * process ({@link createFakeApoLlm}). Its answers depend on the prompt's
 * content, so critique-and-edit genuinely improves a number-lab prompt:
 * the critic asks for the fragment the prompt still lacks (and, every
 * `harmfulEvery`-th call, for a harmful one), the editor appends the asked
 * fragment to the prompt it finds in the edit request.
 *
 * @module
 */
import type { ApoChatMessage, ChatCompletionsClient } from '../types';
import { chatResponse, F_BAD, F_FMT, F_NOOP, F_NUM, LAB_AGENT_MODEL, labReply } from './number-lab';

/** Options of the fake LLM. */
export interface FakeApoLlmOptions {
  /** Model name routed to the critic (default `fake-critic`). */
  criticModel?: string;
  /** Model name routed to the editor (default `fake-editor`). */
  editorModel?: string;
  /** Model name routed to the lab model (default `fake-agent`). */
  agentModel?: string;
  /** Every n-th critique asks for the harmful fragment (default 3). */
  harmfulEvery?: number;
  /** Critique calls (1-based) answered with `null` content. */
  nullCritiqueOn?: readonly number[];
  /** Edit calls (1-based) answered with `""`. */
  emptyEditOn?: readonly number[];
}

/** One recorded call. */
export interface FakeApoLlmCall {
  /** The model asked. */
  model: string;
  /** The temperature sent. */
  temperature: unknown;
  /** The messages sent. */
  messages: ApoChatMessage[];
  /** The whole request body. */
  body: Record<string, unknown>;
}

/** The routing core shared by the in-process fake and the HTTP server. */
export class FakeApoModels {
  /** Critique calls answered. */
  gradientCalls = 0;
  /** Edit calls answered. */
  editCalls = 0;
  /** Agent calls answered. */
  agentCalls = 0;
  readonly #o: Required<FakeApoLlmOptions>;

  /** @param options - see {@link FakeApoLlmOptions} */
  constructor(options: FakeApoLlmOptions = {}) {
    this.#o = {
      criticModel: options.criticModel ?? 'fake-critic',
      editorModel: options.editorModel ?? 'fake-editor',
      agentModel: options.agentModel ?? LAB_AGENT_MODEL,
      harmfulEvery: options.harmfulEvery ?? 3,
      nullCritiqueOn: options.nullCritiqueOn ?? [],
      emptyEditOn: options.emptyEditOn ?? [],
    };
  }

  /**
   * The content answered for a request, or `undefined` for an unknown model.
   *
   * @param model - the model asked
   * @param messages - the messages sent
   */
  answer(model: string, messages: readonly ApoChatMessage[]): string | null | undefined {
    const o = this.#o;
    if (model === o.criticModel) {
      const n = ++this.gradientCalls;
      if (o.nullCritiqueOn.includes(n)) return null;
      if (n % o.harmfulEvery === 0) return `- ADD: ${F_BAD}`;
      const text = messages.map((m) => m.content).join('\n');
      // Traces hold rendered prompts (numbers, not {a}), so F_NUM is found only in the template itself.
      if (!text.includes(F_NUM)) return `- ADD: ${F_NUM}`;
      if (!text.includes(F_FMT)) return `- ADD: ${F_FMT}`;
      return `- ADD: ${F_NOOP}`;
    }
    if (model === o.editorModel) {
      const m = ++this.editCalls;
      if (o.emptyEditOn.includes(m)) return '';
      const last = [...messages].reverse().find((msg) => msg.role === 'user')?.content ?? '';
      const match =
        /^(?:# Prompt Template|### PROMPT)\n\n([\s\S]*?)\n\n(?:# Critique|### CRITIQUE)\n\n([\s\S]*)$/.exec(
          last,
        );
      if (!match) return '';
      const prompt = match[1] as string;
      const fragment = /ADD: ([\s\S]*)/.exec(match[2] as string)?.[1]?.trim() ?? '';
      return prompt.includes(fragment) ? prompt : `${prompt} ${fragment}`;
    }
    if (model === o.agentModel) {
      this.agentCalls++;
      const last = [...messages].reverse().find((msg) => msg.role === 'user')?.content ?? '';
      return labReply(last);
    }
    return undefined;
  }
}

/** The in-process fake. */
export interface FakeApoLlm {
  /** The client to pass to `APO` (or to the lab agent). */
  client: ChatCompletionsClient;
  /** Every call, in order (failed ones included). */
  calls: FakeApoLlmCall[];
  /** Critique calls answered so far. */
  readonly gradientCalls: number;
  /** Edit calls answered so far. */
  readonly editCalls: number;
}

/**
 * Creates the in-process fake.
 *
 * @param options - routing and scripted failures; `throwOn` lists calls (1-based over all calls) that throw an error with `status` 500, answered before routing so a retry gets the answer the failed call would have got
 */
export function createFakeApoLlm(
  options: FakeApoLlmOptions & { throwOn?: readonly number[]; throwStatus?: number } = {},
): FakeApoLlm {
  const models = new FakeApoModels(options);
  const calls: FakeApoLlmCall[] = [];
  const client: ChatCompletionsClient = {
    chat: {
      completions: {
        create: async (body) => {
          calls.push({
            model: body.model,
            temperature: body.temperature,
            messages: body.messages,
            body: { ...body },
          });
          if (options.throwOn?.includes(calls.length)) {
            throw Object.assign(new Error(`injected failure of call ${calls.length}`), {
              status: options.throwStatus ?? 500,
            });
          }
          const content = models.answer(body.model, body.messages);
          if (content === undefined) {
            throw Object.assign(new Error(`unknown model ${body.model}`), { status: 400 });
          }
          return chatResponse(content, body.model, calls.length);
        },
      },
    },
  };
  return {
    client,
    calls,
    get gradientCalls() {
      return models.gradientCalls;
    },
    get editCalls() {
      return models.editCalls;
    },
  };
}
