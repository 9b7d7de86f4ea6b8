import type { z } from 'zod';
import { InputError } from '@review-search/shared';

/** Parses `input` with `schema`, or throws an input error that lists each problem with its field. */
export function validate<S extends z.ZodType>(schema: S, input: unknown, where = 'body'): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((issue) => ({
    field: [where, ...issue.path.map(String)].join('.'),
    problem: issue.message,
  }));
  throw new InputError(`invalid ${where}: ${details.map((d) => `${d.field}: ${d.problem}`).join('; ')}`, details);
}
