import { z } from 'zod';
import { named } from './answer-schemas';

const finishReason = z
  .enum(['length', 'stop', 'timeout'])
  .describe('`length`: stopped at maxNewTokens; `stop`: the model ended; `timeout`: a local generation ran out of time and returns what it wrote.');

/** `POST /generate`. */
export const generationAnswer = named(
  'Generation',
  z.object({
    text: z.string(),
    tokens: z.number().int().describe('New tokens produced.'),
    finishReason,
    took_ms: z.number(),
    model: z.string(),
  }),
);

/** `POST /generate/sweep`. */
export const sweepAnswer = named(
  'GenerationSweep',
  z.object({
    model: z.string(),
    prompts: z.array(z.string()),
    maxNewTokens: z.array(z.number().int()),
    cells: z.array(
      z.object({
        prompt: z.string(),
        maxNewTokens: z.number().int(),
        text: z.string(),
        tokens: z.number().int(),
        finishReason,
        distinct2: z.number().nullable().describe('Distinct word pairs / all word pairs: 1 = none repeats, low = the text loops. Null under two words.'),
        repetitionRate: z.number().nullable().describe('Share of word triples already seen earlier in the text: 0 = none. Null under three words.'),
        took_ms: z.number(),
      }),
    ),
    took_ms: z.number(),
  }),
);
