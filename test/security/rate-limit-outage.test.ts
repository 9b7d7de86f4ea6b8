import net from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import type { Logger } from '@review-search/shared';
import { rateLimits, type RateLimits } from '../../services/api/src/http/rate-limits';
import { freePort } from '../support/free-port';
import { testEnv } from '../support/stack';
import { waitUntil, withDeadline } from '../support/wait-until';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A logger that keeps the warnings it is given. */
function recordingLogger(): { log: Logger; warnings: string[] } {
  const warnings: string[] = [];
  const log = { warn: (_fields: unknown, message: string) => warnings.push(message) } as unknown as Logger;
  return { log, warnings };
}

async function limitedApp(limits: RateLimits, perMinute: number): Promise<{ url: string; server: Server }> {
  const app = express();
  app.set('trust proxy', 'loopback');
  app.get('/explore', limits.perMinute(perMinute, 'explore'), (_req, res) => {
    res.json({ ok: true });
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/explore`, server };
}

/** A TCP relay from `port` to the real Redis: Redis "comes back" on that port when it starts. */
async function relayToRedis(port: number): Promise<net.Server> {
  const redis = new URL(REDIS_URL);
  const relay = net.createServer((client) => {
    const upstream = net.connect(Number(redis.port || 6379), redis.hostname);
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => relay.listen(port, '127.0.0.1', resolve));
  return relay;
}

/**
 * The rate limits when Redis does not answer: requests go through (logged
 * once), since search and exploring read Qdrant and must not fail with Redis;
 * and when Redis comes back, the limits apply again on their own.
 */
describe('rate limits and a Redis outage', () => {
  it('with Redis unreachable requests are served unlimited and the outage is logged once; once Redis answers, the limit applies', async () => {
    const port = await freePort();
    const { log, warnings } = recordingLogger();
    const limits = rateLimits({ redisUrl: `redis://127.0.0.1:${port}`, prefix: `${testEnv('PREFIX')}-outage-${port}`, log });
    const { url, server } = await limitedApp(limits, 2);
    let relay: net.Server | undefined;
    try {
      for (let i = 0; i < 5; i += 1) {
        const response = await withDeadline(`request ${i + 1} while Redis is unreachable`, fetch(url), 10_000);
        expect(response.status).toBe(200);
      }
      expect(warnings).toEqual(['rate limits unavailable (Redis does not answer): requests go through unlimited']);

      relay = await relayToRedis(port);
      // ioredis reconnects on its own; the store loads its script again on first use.
      await waitUntil('the limit of 2 a minute to apply again once Redis answers', async () => (await fetch(url)).status === 429, 30_000);
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await limits.close();
      relay?.close();
    }
  });

  it('with Redis up, the limit applies from the first request', async () => {
    const { log, warnings } = recordingLogger();
    const limits = rateLimits({ redisUrl: REDIS_URL, prefix: `${testEnv('PREFIX')}-up-${await freePort()}`, log });
    const { url, server } = await limitedApp(limits, 2);
    try {
      const statuses = [];
      for (let i = 0; i < 3; i += 1) statuses.push((await fetch(url)).status);
      expect(statuses).toEqual([200, 200, 429]);
      expect(warnings).toEqual([]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await limits.close();
    }
  });
});
