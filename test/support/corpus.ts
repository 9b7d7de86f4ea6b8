import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DEFAULT_DATASET_URL } from '@review-search/shared';

const REPO = path.resolve(__dirname, '../..');
const SHARED_COPY = path.resolve(REPO, '../shared/data/Musical_instruments_reviews.csv.gz');
const CACHED_COPY = path.join(REPO, '.cache/datasets/Musical_instruments_reviews.csv');

/**
 * The reference corpus: the copy beside the repository when there is one,
 * else a copy downloaded once from the dataset's public URL into `.cache/`.
 */
export async function corpusPath(): Promise<string> {
  if (fs.existsSync(SHARED_COPY)) return SHARED_COPY;
  if (!fs.existsSync(CACHED_COPY)) {
    fs.mkdirSync(path.dirname(CACHED_COPY), { recursive: true });
    const failure = (why: string) =>
      new Error(`the corpus is neither at ${SHARED_COPY} nor in ${CACHED_COPY}, and downloading ${DEFAULT_DATASET_URL} failed: ${why}`);
    const response = await fetch(DEFAULT_DATASET_URL).catch((error: Error) => {
      throw failure(String(error.cause ?? error.message));
    });
    if (!response.ok || !response.body) throw failure(`HTTP ${response.status}`);
    const partial = `${CACHED_COPY}.partial`;
    await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), fs.createWriteStream(partial));
    fs.renameSync(partial, CACHED_COPY);
  }
  return CACHED_COPY;
}
