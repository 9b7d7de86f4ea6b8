/**
 * One embedding process of bench/threads.ts (forked, so it runs as an ingest
 * embedding process or the API's query embedder would: its own ONNX session
 * and thread pool). It loads the model, warms it, says `ready`, and on `go`
 * embeds what it was given: review batches (throughput) or queries one at a
 * time, `concurrency` at once (latency).
 */
import { loadEmbedder, type EmbeddingDtype } from '@review-search/shared';

export interface EmbeddingWork {
  model: string;
  cacheDir: string;
  dtype: EmbeddingDtype;
  threads: number;
  /** Review batches to embed as passages, or queries to embed one by one. */
  batches?: string[][];
  queries?: string[];
  concurrency?: number;
}

export interface EmbeddingDone {
  milliseconds: number;
  /** Milliseconds of each query, when it embedded queries. */
  latencies: number[];
  maxTokens?: number;
}

async function run(work: EmbeddingWork): Promise<void> {
  const embedder = await loadEmbedder(work.model, { cacheDir: work.cacheDir, dtype: work.dtype, threads: work.threads });
  await embedder.embed(['warm up the session', 'and its thread pool with a second text']);
  process.send!('ready');
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  const started = performance.now();
  const latencies: number[] = [];
  for (const batch of work.batches ?? []) await embedder.embed(batch);
  const queries = [...(work.queries ?? [])];
  const next = async (): Promise<void> => {
    for (let query = queries.shift(); query !== undefined; query = queries.shift()) {
      const sent = performance.now();
      await embedder.embed([query], 'query');
      latencies.push(performance.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: work.concurrency ?? 1 }, next));
  const done: EmbeddingDone = { milliseconds: performance.now() - started, latencies, maxTokens: embedder.maxTokens };
  process.send!(done, () => process.exit(0));
}

process.once('message', (work: EmbeddingWork) => {
  run(work).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
