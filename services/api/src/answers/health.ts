import { z } from 'zod';
import { named } from './answer-schemas';

/** `GET /healthz`. */
export const liveness = named('Liveness', z.object({ status: z.literal('ok') }));

/** `GET /readyz`, ready (200) or not (503). */
export const readiness = named(
  'Readiness',
  z.object({
    ready: z.boolean(),
    checks: z
      .record(z.string(), z.string())
      .optional()
      .describe("Each dependency's state: `ok` or why not. Only with the API key when one is set (errors tell about the network behind)."),
  }),
);

/** `GET /openapi.json`. */
export const openApiAnswer = named('OpenApiDocument', z.record(z.string(), z.unknown()).describe('This document.'));
