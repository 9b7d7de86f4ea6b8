import { Embeddings } from '@langchain/core/embeddings';
import { Document } from '@langchain/core/documents';
import { QdrantVectorStore } from '@langchain/qdrant';
import { BullmqIngestQueue, openSource, readSourceReviews, buildCollectionName, type Config, type Embedder, type Review } from '@review-search/shared';
import { setTimeout as sleep } from 'node:timers/promises';
import { peakRssMiB, startService, stopService } from './processes';

export interface IngestFigures {
  reviews: number;
  seconds: number;
  perSecond: number;
}

export async function corpusReviews(source: string, limit?: number): Promise<Review[]> {
  const reviews: Review[] = [];
  const opened = await openSource(source, { origin: 'operator' });
  for await (const { review } of readSourceReviews(opened.stream, { limit, maxBytes: opened.maxBytes })) reviews.push(review);
  return reviews;
}

/** a. The bare embedder over every text, in batches of 64, in this one process: the floor. */
export async function bareEmbedding(embedder: Embedder, reviews: readonly Review[]): Promise<IngestFigures> {
  const started = performance.now();
  for (let i = 0; i < reviews.length; i += 64) await embedder.embed(reviews.slice(i, i + 64).map((r) => r.reviewText));
  return figures(reviews.length, started);
}

/** b. Our pipeline end to end: an ingest worker process (default configuration), BullMQ, embedding, upserts. */
export async function ourPipeline(config: Config, env: Record<string, string>, source: string, limit: number | undefined, logFile: string) {
  const worker = startService('ingest', env, logFile);
  const queue = new BullmqIngestQueue(config.redisUrl, config.queuePrefix);
  try {
    const jobId = await queue.enqueue({
      source,
      origin: 'operator',
      model: 'use-lite',
      collection: buildCollectionName(config.collection, 'use-lite'),
      activateAlias: config.collection,
      limit,
      batchSize: config.ingest.batchSize,
      lengthWindow: config.ingest.lengthWindow,
    });
    let memory = { self: 0, children: [] as number[] };
    for (;;) {
      const status = await queue.status(jobId);
      if (status?.state === 'failed') throw new Error(`ingest failed: ${status.failedReason}`);
      memory = peakRssMiB(worker.pid!);
      if (status?.state === 'completed' && status.result) {
        const r = status.result;
        return { ...{ reviews: r.upserted, seconds: r.tookMs / 1000, perSecond: r.upserted / (r.tookMs / 1000) }, memory, collection: r.collection };
      }
      await sleep(500);
    }
  } finally {
    await queue.close();
    await stopService(worker);
  }
}

/**
 * c. What a user would pick instead: LangChain.js's Qdrant vector store with the same embedder
 * wrapped as LangChain embeddings, documents added in chunks of 1,000 to an existing collection.
 * (`fromDocuments` sends every vector in one upsert: 123 MB for the full corpus, past Qdrant's
 * 32 MB request limit.)
 */
export async function langChainPipeline(embedder: Embedder, reviews: readonly Review[], qdrantUrl: string, collection: string) {
  // Batched like LangChain's own embedding classes (batchSize): one call with every text would
  // ask the model for a single padded tensor of the whole corpus. use-lite computes on the main
  // thread and its promises settle without giving the event loop a turn, so the wrapper yields one
  // after each batch, as a remote embedding call would: otherwise the Qdrant client never sees the
  // server close its idle keep-alive connection (after 5 s) and sends the next request down the
  // dead socket ("other side closed", EPIPE).
  class UseLiteEmbeddings extends Embeddings {
    constructor() {
      super({});
    }
    async embedDocuments(texts: string[]): Promise<number[][]> {
      const vectors: number[][] = [];
      for (let i = 0; i < texts.length; i += 64) {
        vectors.push(...(await embedder.embed(texts.slice(i, i + 64))));
        await new Promise((resolve) => setImmediate(resolve));
      }
      return vectors;
    }
    async embedQuery(text: string): Promise<number[]> {
      return (await embedder.embed([text], 'query'))[0]!;
    }
  }
  const documents = reviews.map((review) => new Document({ pageContent: review.reviewText, metadata: { ...review } }));
  const started = performance.now();
  const store = await QdrantVectorStore.fromExistingCollection(new UseLiteEmbeddings(), { url: qdrantUrl, collectionName: collection });
  for (let i = 0; i < documents.length; i += LANGCHAIN_CHUNK) await store.addDocuments(documents.slice(i, i + LANGCHAIN_CHUNK));
  return figures(reviews.length, started);
}

/** Documents per `addDocuments` call: about 12 MB of JSON per upsert with use-lite's 512 dimensions. */
export const LANGCHAIN_CHUNK = 1000;

function figures(reviews: number, started: number): IngestFigures {
  const seconds = (performance.now() - started) / 1000;
  return { reviews, seconds: round(seconds), perSecond: round(reviews / seconds) };
}

export function round(value: number, digits = 1): number {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}
