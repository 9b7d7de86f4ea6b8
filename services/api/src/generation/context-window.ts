import { InputError, type Generator } from '@review-search/shared';

/**
 * Refuses a prompt that, with the tokens to write, does not fit the model's
 * context: a local model would otherwise fail midway (its position table ends)
 * and a hosted one would refuse it. The message gives the numbers to change.
 */
export function assertFitsContext(generator: Generator, prompt: string, maxNewTokens: number, what = 'the prompt'): void {
  const promptTokens = generator.countTokens(prompt);
  if (promptTokens + maxNewTokens <= generator.contextTokens) return;
  throw new InputError(
    `${what} takes ${promptTokens} tokens of model '${generator.model}', and with maxNewTokens ${maxNewTokens} that is past ` +
      `its context of ${generator.contextTokens} tokens: shorten it or ask for fewer tokens`,
    { promptTokens, maxNewTokens, contextTokens: generator.contextTokens },
  );
}
