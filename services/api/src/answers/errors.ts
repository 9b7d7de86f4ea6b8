import { z } from 'zod';
import { named } from './answer-schemas';

const fieldProblem = z.object({
  field: z.string().describe('Where: `body.limit`, `query.sample`, `path.id`.'),
  problem: z.string(),
});

/** What every error answers (`error-handler.ts`). */
export const errorAnswer = named(
  'Error',
  z
    .object({
      error: z.string().describe('What is wrong, in plain words.'),
      details: z
        .union([z.array(fieldProblem), z.record(z.string(), z.unknown()), z.null()])
        .describe('For an invalid request, each problem with its field; otherwise what is useful to know (`retryAfter`, `allowed`, `perMinute`), or null.'),
    })
    .describe('Every error, whatever its status.'),
);
