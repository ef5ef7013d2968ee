/**
 * A toy tokenizer and chat template for the fake model server. Every character is one token (its
 * code point) except three special tokens that carry the ids Qwen-style chat models use, so that
 * recorded token ids look realistic and can be checked by hand.
 */

/** Id of `<|endoftext|>`. */
export const FAKE_ENDOFTEXT_ID = 151643;
/** Id of `<|im_start|>`. */
export const FAKE_IM_START_ID = 151644;
/** Id of `<|im_end|>`, also the end-of-sequence id appended to finished generations. */
export const FAKE_EOS_ID = 151645;

const SPECIAL: ReadonlyArray<readonly [string, number]> = [
  ['<|im_start|>', FAKE_IM_START_ID],
  ['<|im_end|>', FAKE_EOS_ID],
  ['<|endoftext|>', FAKE_ENDOFTEXT_ID],
];
const SPECIAL_BY_ID = new Map<number, string>(SPECIAL.map(([text, id]) => [id, text]));

/**
 * Turns text into token ids: `<|im_start|>` → 151644, `<|im_end|>` → 151645,
 * `<|endoftext|>` → 151643, every other character → its Unicode code point.
 */
export function fakeTokenize(text: string): number[] {
  const ids: number[] = [];
  let i = 0;
  while (i < text.length) {
    let matched = false;
    if (text.charCodeAt(i) === 60 /* < */) {
      for (const [special, id] of SPECIAL) {
        if (text.startsWith(special, i)) {
          ids.push(id);
          i += special.length;
          matched = true;
          break;
        }
      }
    }
    if (matched) continue;
    const cp = text.codePointAt(i) as number;
    ids.push(cp);
    i += cp > 0xffff ? 2 : 1;
  }
  return ids;
}

/** Turns token ids back into text; the inverse of {@link fakeTokenize}. */
export function fakeDetokenize(ids: readonly number[]): string {
  let out = '';
  for (const id of ids) out += SPECIAL_BY_ID.get(id) ?? String.fromCodePoint(id);
  return out;
}

/** A chat message as the fake template reads it (the OpenAI chat message shape, loosely typed). */
export interface FakeChatMessage {
  /** `system`, `user`, `assistant`, `tool`, ... */
  role: string;
  /** A string, an array of content parts, or `null`. */
  content?: unknown;
  /** Tool calls of an assistant message. */
  tool_calls?: ReadonlyArray<{ function?: { name?: string; arguments?: string } }> | null;
  [key: string]: unknown;
}

/** The text of a message's content: a string as is, text parts of an array joined, images as `<image>`. */
export function fakeMessageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) {
    if (part === null || typeof part !== 'object') continue;
    const p = part as { type?: unknown; text?: unknown };
    if (p.type === 'text' && typeof p.text === 'string') text += p.text;
    else if (p.type === 'image_url') text += '<image>';
  }
  return text;
}

function parseMaybe(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Renders chat messages (and tools) with a ChatML-like template, ending with the assistant's
 * turn header. Its tokenization is the fake server's `prompt_token_ids`.
 */
export function fakeChatPrompt(
  messages: readonly FakeChatMessage[],
  tools?: readonly unknown[] | null,
): string {
  let prompt = '';
  if (tools && tools.length > 0)
    prompt += `<|im_start|>system\n# Tools\n${JSON.stringify(tools)}<|im_end|>\n`;
  for (const message of messages) {
    let text = fakeMessageText(message.content);
    if (message.role === 'assistant' && Array.isArray(message.tool_calls)) {
      for (const call of message.tool_calls) {
        const fn = call?.function ?? {};
        const args =
          typeof fn.arguments === 'string' ? parseMaybe(fn.arguments) : (fn.arguments ?? {});
        text += `<tool_call>${JSON.stringify({ name: fn.name, arguments: args })}</tool_call>`;
      }
    }
    prompt += `<|im_start|>${message.role}\n${text}<|im_end|>\n`;
  }
  return `${prompt}<|im_start|>assistant\n`;
}
