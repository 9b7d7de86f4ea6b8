import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Queue } from 'bullmq';
import { createRedisConnection, IngestQueues } from '@review-search/shared';
import type { Router } from 'express';

/** Bull Board over the ingest queues, to mount at `/admin/queues`. */
export function queueDashboard(redisUrl: string, prefix: string): { router: Router; close(): Promise<void> } {
  const connection = createRedisConnection(redisUrl, 'producer', `${prefix}:dashboard`);
  connection.on('error', () => undefined);
  const queues = Object.values(IngestQueues).map((name) => new Queue(name, { connection, prefix }));
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath('/admin/queues');
  createBullBoard({ queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: false })), serverAdapter });
  return {
    router: serverAdapter.getRouter() as Router,
    async close() {
      await Promise.all(queues.map((queue) => queue.close()));
      connection.disconnect();
    },
  };
}
