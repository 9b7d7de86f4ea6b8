import { Router } from 'express';
import { errorMessage } from '@review-search/shared';

export type ReadinessCheck = () => Promise<void>;

/** `/healthz`: the process answers. `/readyz`: every dependency answers, each named. */
export function healthRoutes(checks: Record<string, ReadinessCheck>): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
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
    res.status(ready ? 200 : 503).json({ ready, checks: Object.fromEntries(entries) });
  });
  return router;
}
