/**
 * The default client: the official `openai` package, loaded only when APO
 * needs it and no client was passed, so the package stays an optional peer
 * dependency. `new OpenAI()` reads `OPENAI_BASE_URL` and `OPENAI_API_KEY`.
 * It gets no retries of its own (`maxRetries: 0`) because APO retries every
 * call itself, and two retry layers would multiply the attempts.
 *
 * @module
 */
import { InvalidArgumentError } from '@agl/store-core';
import type { ChatCompletionsClient } from './types';

type OpenAiModule = { default: new (options: { maxRetries?: number }) => ChatCompletionsClient };

/**
 * Creates the default client.
 *
 * @param load - loads the `openai` module (replaceable in tests)
 * @throws InvalidArgumentError when `openai` is not installed or `OPENAI_API_KEY` is missing
 */
export async function createDefaultClient(
  load: () => Promise<unknown> = () => import('openai'),
): Promise<ChatCompletionsClient> {
  let mod: OpenAiModule;
  try {
    mod = (await load()) as OpenAiModule;
  } catch (error) {
    throw new InvalidArgumentError(
      "APO needs an OpenAI-compatible client: pass `client`, or install the 'openai' package and set OPENAI_BASE_URL / OPENAI_API_KEY",
      { cause: error },
    );
  }
  try {
    return new mod.default({ maxRetries: 0 });
  } catch (error) {
    throw new InvalidArgumentError(
      `APO could not create the default OpenAI client (set OPENAI_API_KEY, and OPENAI_BASE_URL for another endpoint): ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}
