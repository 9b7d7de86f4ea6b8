import type { z } from 'zod';
import { Router, type Request } from 'express';
import { errorMessage } from '@review-search/shared';
import { liveness, readiness } from '../answers/health';

export type ReadinessCheck = () => Promise<void>;

/**
 * `/healthz`: the process answers. `/readyz`: every dependency answers; each
 * one's state (with its error) only for a caller `showChecks` lets see it,
 * since error messages tell a stranger about the network behind the service.
 */
export function healthRoutes(checks: Record<string, ReadinessCheck>, showChecks: (req: Request) => boolean): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' } satisfies z.output<typeof liveness>);
  });
  router.get('/readyz', async (req, res) => {
    const entries = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          await check();
          return [name, 'ok'] as const;
        } catch (error) {
          return [name, errorMessage(error)] as const;
        }
      }),
    );
    const ready = entries.every(([, state]) => state === 'ok');
    const answer: z.output<typeof readiness> = showChecks(req) ? { ready, checks: Object.fromEntries(entries) } : { ready };
    res.status(ready ? 200 : 503).json(answer);
  });
  return router;
}
