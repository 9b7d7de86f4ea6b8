/**
 * d rows: the default model's architecture (all-MiniLM-L6-v2: its real
 * tokenizer and config, seeded random weights) through the same
 * transformers.js path, one process, batches of 64. Speed only: the vectors
 * mean nothing.
 *
 * - d: as every ingest ran before length buckets: file order, cut at the
 *   tokenizer's 512 tokens, fp32;
 * - d': batches grouped by length as the ingest groups them, cut at the model's
 *   sentence-transformers window (256), fp32;
 * - d'': as d', with the int8 (q8) graph.
 */
import os from 'node:os';
import path from 'node:path';
import { loadEmbedder, type Config, type EmbedderOptions, type Review } from '@review-search/shared';
import { LengthBuckets } from '../../services/ingest/src/length-buckets';
import { bareEmbedding, type IngestFigures } from './ingest-bench';
import { writeRandomMiniLm } from './minilm-random';
import { ROOT } from './processes';

export interface MiniLmRows {
  fileOrder: IngestFigures;
  bucketed: IngestFigures;
  quantized: IngestFigures;
  window: number;
  threads: number;
}

export async function miniLmRows(reviews: readonly Review[], config: Config): Promise<MiniLmRows> {
  const models = path.join(ROOT, '.cache/bench-models');
  const before = path.join(models, 'all-MiniLM-L6-v2-random-512');
  const now = path.join(models, 'all-MiniLM-L6-v2-random');
  writeRandomMiniLm(before, 1, { sentenceBertConfig: false, quantized: false });
  writeRandomMiniLm(now, 1, { sentenceBertConfig: true, quantized: true });
  // One process: it gets every core.
  const threads = os.cpus().length;
  const options: EmbedderOptions = { cacheDir: config.modelCacheDir, threads };
  const ordered = lengthOrdered(reviews, config.ingest.lengthWindow, config.ingest.batchSize);
  const row = async (label: string, model: string, list: readonly Review[], extra: Partial<EmbedderOptions> = {}) => {
    const embedder = await loadEmbedder(model, { ...options, ...extra });
    await embedder.embed(['warm up']);
    const figures = await bareEmbedding(embedder, list);
    console.log(label, figures);
    return figures;
  };
  return {
    fileOrder: await row('d. MiniLM-shaped, file order, 512 tokens, fp32', before, reviews),
    bucketed: await row("d'. MiniLM-shaped, length buckets, 256 tokens, fp32", now, ordered),
    quantized: await row("d''. MiniLM-shaped, length buckets, 256 tokens, q8", now, ordered, { dtype: 'q8' }),
    window: config.ingest.lengthWindow,
    threads,
  };
}

/** The reviews in the order the ingest's length buckets send them to the embedder. */
function lengthOrdered(reviews: readonly Review[], window: number, batchSize: number): Review[] {
  const buckets = new LengthBuckets({ window, batchSize });
  const batches = reviews.flatMap((review, row) => buckets.add({ row, review }));
  return [...batches, ...buckets.flush()].flat().map((row) => row.review);
}
