import { z } from 'zod';

/**
 * The API's answers by name: each is a component schema of the OpenAPI
 * document (`#/components/schemas/<name>`), referred to wherever it appears,
 * and the type its route's body is checked against (`z.output`).
 */
export const answerSchemas = z.registry<{ id: string }>();

/** `schema`, listed in the document under `name`. */
export function named<S extends z.ZodType>(name: string, schema: S): S {
  answerSchemas.add(schema, { id: name });
  return schema;
}
