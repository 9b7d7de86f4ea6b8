import type { Embedder, EmbeddingCache, ReviewRow, VectorStore } from '@review-search/shared';
import { embedBatch } from './embed-batch.handler';

function memoryCache(): EmbeddingCache {
  const vectors = new Map<string, number[]>();
  return {
    async get(model, texts) {
      return texts.map((text) => vectors.get(`${model}\n${text}`));
    },
    async set(model, entries) {
      for (const { text, vector } of entries) vectors.set(`${model}\n${text}`, vector);
    },
  };
}

const store = { upsertReviews: async () => undefined } as unknown as VectorStore;
const embedder = (variant?: string): Embedder => ({ model: 'm', dimension: 1, variant, embed: async (texts) => texts.map(() => [1]) });
const rows = [{ row: 1, review: { reviewText: 'strings stay in tune', reviewerID: 'r', asin: 'a' } }] as unknown as ReviewRow[];
const job = { collection: 'c', model: 'm', batch: 0, rows };

describe('embedBatch', () => {
  it("keeps cached vectors apart by the embedder's variant (dtype, window)", async () => {
    const cache = memoryCache();
    expect(await embedBatch(job, { embedder: embedder('fp32, 256 tokens'), store, cache })).toMatchObject({ embedded: 1, cached: 0 });
    expect(await embedBatch(job, { embedder: embedder('fp32, 256 tokens'), store, cache })).toMatchObject({ embedded: 0, cached: 1 });
    expect(await embedBatch(job, { embedder: embedder('q8, 256 tokens'), store, cache })).toMatchObject({ embedded: 1, cached: 0 });
    expect(await embedBatch(job, { embedder: embedder(), store, cache })).toMatchObject({ embedded: 1, cached: 0 });
  });
});
