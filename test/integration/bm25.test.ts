import crypto from 'node:crypto';
import { bm25Options, ConflictError, QdrantStore, type Bm25Options, type ReviewPoint } from '@review-search/shared';
import { testEnv } from '../support/stack';

/** Qdrant's own BM25 (server-side sparse vectors), on the real server: options recorded with a build and read back. */
describe("sparse search with Qdrant's BM25", () => {
  const store = new QdrantStore({ url: testEnv('QDRANT_URL') });
  const model = 'three-numbers';
  const created: string[] = [];

  const reviews: ReviewPoint[] = [
    ['T1', 'These strings tuned up fast and held their pitch all evening.'],
    ['T2', 'A sturdy keyboard stand that folds flat.'],
    ['T3', 'The cable crackles whenever the plug moves.'],
  ].map(([reviewerID, reviewText], i) => {
    const text = reviewText!;
    const review = { reviewerID: reviewerID!, asin: 'B0BM25', reviewText: text, summary: '', overall: 5, unixReviewTime: null, textLength: text.length };
    return { id: crypto.randomUUID(), vector: [1, i, 0], review };
  });

  /** A build of these reviews whose BM25 options are `options`. */
  async function build(options: Bm25Options): Promise<string> {
    const name = `bm25-${crypto.randomBytes(4).toString('hex')}`;
    created.push(name);
    await store.ensureCollection(name, 3, model);
    await store.recordBm25Options(name, options);
    await store.upsertReviews(name, model, reviews);
    return name;
  }

  const sparse = async (name: string, text: string) =>
    (await store.searchReviews(name, model, { mode: 'sparse', text }, { limit: 3 })).map((r) => r.review.reviewerID);

  afterAll(async () => {
    for (const name of created) await store.deleteCollection(name);
  });

  it('finds a review by another form of its word: Qdrant stems both the review and the query', async () => {
    const name = await build(bm25Options(6));
    expect(await sparse(name, 'tuning')).toEqual(['T1']);
    expect(await sparse(name, 'Tunes')).toEqual(['T1']);
    expect(await sparse(name, 'crackling cables')).toEqual(['T3']);
    // Stopwords alone match nothing.
    expect(await sparse(name, 'the and that')).toEqual([]);
  });

  it('searches a build with the options it recorded, not with the defaults of new builds', async () => {
    // A build recorded without stemming or stopwords ("language: none"): its reviews keep "tuned" as written.
    const unstemmed: Bm25Options = { ...bm25Options(6), language: 'none' };
    delete unstemmed.stemmer;
    delete unstemmed.stopwords;
    const name = await build(unstemmed);
    expect((await store.describeCollection(name))?.bm25).toEqual(unstemmed);
    // Only a query read without stemming, as recorded, meets the unstemmed "tuned" ("tuned" stemmed is "tune").
    expect(await sparse(name, 'tuned')).toEqual(['T1']);
    expect(await sparse(name, 'tuning')).toEqual([]);
    // Hybrid search reads the query the same way: its sparse side lifts T1, the last by the dense vector alone.
    const dense = await store.searchReviews(name, model, { mode: 'dense', vector: [0, 1, 0] }, { limit: 3 });
    expect(dense.map((r) => r.review.reviewerID)).toEqual(['T3', 'T2', 'T1']);
    const hybrid = await store.searchReviews(name, model, { mode: 'hybrid', vector: [0, 1, 0], text: 'tuned' }, { limit: 1 });
    expect(hybrid.map((r) => r.review.reviewerID)).toEqual(['T1']);
  });

  it('keeps the first record: a later ingest into the build gets the recorded options back, not its own', async () => {
    const name = await build(bm25Options(6));
    expect(await store.recordBm25Options(name, bm25Options(99))).toEqual(bm25Options(6));
    expect((await store.describeCollection(name))?.bm25?.avg_len).toBe(6);
  });

  it('refuses to store or search sparse vectors in a collection that records no options', async () => {
    const name = `bm25-${crypto.randomBytes(4).toString('hex')}`;
    created.push(name);
    await store.ensureCollection(name, 3, model);
    await expect(store.upsertReviews(name, model, reviews)).rejects.toThrow(ConflictError);
    await expect(store.searchReviews(name, model, { mode: 'sparse', text: 'tuned' }, { limit: 3 })).rejects.toThrow(/records no BM25 options/);
    // Dense search needs no BM25 options.
    expect(await store.searchReviews(name, model, { mode: 'dense', vector: [1, 0, 0] }, { limit: 3 })).toEqual([]);
  });
});
