/**
 * A fake chat model for the legacy pair: it "knows" the answers to a few
 * questions and phrases them according to the system prompt, so some prompts
 * score better than others, deterministically and offline.
 *
 * @module
 */

/** A question with its expected one-word answer. */
export type QaTask = {
  /** The question. */
  question: string;
  /** The expected answer. */
  answer: string;
};

/** The questions the server queues. */
export const QA_TASKS: readonly QaTask[] = [
  { question: 'What is the capital of France?', answer: 'Paris' },
  { question: 'Which planet is known as the red planet?', answer: 'Mars' },
  { question: 'What is the chemical symbol of gold?', answer: 'Au' },
  { question: 'How many legs does a spider have?', answer: 'Eight' },
  { question: 'Which ocean is the largest?', answer: 'Pacific' },
];

const KNOWLEDGE = new Map(QA_TASKS.map((t) => [t.question, t.answer]));

/**
 * The model's reply: terse when the system prompt asks for one word, in
 * character for a pirate, chatty otherwise.
 *
 * @param systemPrompt - the system prompt (the resource being tuned)
 * @param question - the user's question
 */
export function fakeChat(systemPrompt: string, question: string): string {
  const answer = KNOWLEDGE.get(question);
  if (/pirate/i.test(systemPrompt)) return 'Arr, that be a secret of the seven seas!';
  if (answer === undefined) return 'I do not know.';
  if (/one word/i.test(systemPrompt)) return answer;
  return `Great question! I believe the answer is ${answer}.`;
}

/**
 * 1 for exactly the expected answer, 0.5 when the reply contains it, else 0.
 *
 * @param reply - the model's reply
 * @param expected - the expected answer
 */
export function grade(reply: string, expected: string): number {
  const clean = reply.trim().replace(/\.$/, '').toLowerCase();
  if (clean === expected.toLowerCase()) return 1;
  return clean.includes(expected.toLowerCase()) ? 0.5 : 0;
}

/** A chat request in the OpenAI shape (what the agent sends). */
export type ChatRequest = {
  /** Model name. */
  model: string;
  /** `system` then `user` message. */
  messages: { role: 'system' | 'user'; content: string }[];
};

let completions = 0;

/**
 * The fake model behind an OpenAI-shaped call: answers the last user message
 * under the system message, with an `id` like a real chat completion.
 *
 * @param request - the chat request
 */
export async function fakeChatCompletion(request: ChatRequest) {
  const system = request.messages.find((m) => m.role === 'system')?.content ?? '';
  const question = request.messages.findLast((m) => m.role === 'user')?.content ?? '';
  completions += 1;
  return {
    id: `chatcmpl-legacy-${completions}`,
    model: request.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: fakeChat(system, question) },
        finish_reason: 'stop',
      },
    ],
  };
}
