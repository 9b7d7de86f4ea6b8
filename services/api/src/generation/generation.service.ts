import type { z } from 'zod';
import { modelOptions, loadGenerator, type Config, type GenerateRequest } from '@review-search/shared';
import { elapsedMs } from '../search.service';
import { assertFitsContext } from './context-window';
import { distinct2, repetitionRate } from './text-signals';
import type { generationAnswer, sweepAnswer } from '../answers/generation';

/** The exercise's three prompts (part 1). */
export const EXERCISE_PROMPTS = [
  'La inteligencia artificial en educación ',
  'El futuro de la música es ',
  'Un consejo para programadores principiantes es ',
];
export const SWEEP_MAX_NEW_TOKENS = [5, 20, 60, 200];

export function generation(config: Config) {
  const options = modelOptions(config, 'api');
  return {
    async generate(model: string, request: GenerateRequest): Promise<z.output<typeof generationAnswer>> {
      const started = performance.now();
      const generator = await loadGenerator(model, options);
      assertFitsContext(generator, request.prompt, request.maxNewTokens);
      const out = await generator.generate(request);
      return { text: out.text, tokens: out.tokens, finishReason: out.finishReason, took_ms: elapsedMs(started), model };
    },

    /** Every prompt at every `maxNewTokens`, one after the other, with what to observe in each cell. */
    async sweep(
      model: string,
      prompts: string[],
      maxNewTokens: number[],
      sampling: Pick<GenerateRequest, 'temperature' | 'topP' | 'seed'>,
    ): Promise<z.output<typeof sweepAnswer>> {
      const started = performance.now();
      const generator = await loadGenerator(model, options);
      prompts.forEach((prompt, i) => assertFitsContext(generator, prompt, Math.max(...maxNewTokens), `prompt ${i + 1}`));
      const cells: z.output<typeof sweepAnswer>['cells'] = [];
      for (const prompt of prompts) {
        for (const max of maxNewTokens) {
          const cellStarted = performance.now();
          const out = await generator.generate({ prompt, maxNewTokens: max, ...sampling });
          cells.push({
            prompt,
            maxNewTokens: max,
            text: out.text,
            tokens: out.tokens,
            finishReason: out.finishReason,
            distinct2: distinct2(out.text),
            repetitionRate: repetitionRate(out.text),
            took_ms: elapsedMs(cellStarted),
          });
        }
      }
      return { model, prompts, maxNewTokens, cells, took_ms: elapsedMs(started) };
    },
  };
}
