import type { Embedder } from '../embedding/embedder.port';
import type { VectorStore } from '../store/vector-store.port';
import { calibrateFusion } from './calibrate-fusion';
import { DEFAULT_FUSION, type QualityScores, type SearchCalibration } from './search-calibration';
import { seededSample } from './seeded-sample';
import { titleQueriesOf, type ReviewTitle, type TitleQuery } from './title-queries';
import { fetchQueryLists, fusedBy, qualityOf } from './title-search';

/** Title queries drawn from a build for its calibration, and the seed that draws them. */
export const CALIBRATION_QUERIES = 400;
export const CALIBRATION_SEED = 13;

export interface BuildCalibration {
  calibration: SearchCalibration;
  /** The held-out half, to measure another build on the same queries. */
  heldOut: TitleQuery[];
}

/**
 * Calibrates a finished build on its own reviews: draws up to 400 title
 * queries (seeded; the titles are the mapping's `title` column), chooses the fusion on half of them, measures it on the
 * other half, and stores the result with the collection.
 */
export async function calibrateBuild(
  store: VectorStore,
  embedder: Embedder,
  collection: string,
  model: string,
  options: { queries?: number; seed?: number } = {},
): Promise<BuildCalibration> {
  const seed = options.seed ?? CALIBRATION_SEED;
  // Only each review's id and title are kept while the build is read (not its text and fields).
  const titles: ReviewTitle[] = [];
  for await (const { id, review } of store.scrollReviews(collection, model, { withVector: false, pageSize: 1000 })) {
    titles.push({ id, title: review.summary, hasText: Boolean(review.reviewText) });
  }
  // Sorted by id first, so the draw depends only on what the build holds.
  const candidates = titleQueriesOf(titles).sort((a, b) => (a.relevant < b.relevant ? -1 : 1));
  const queries = seededSample(candidates, options.queries ?? CALIBRATION_QUERIES, seed);
  const lists = await fetchQueryLists(store, collection, model, embedder, queries);
  const calibration = calibrateFusion(lists, seed);
  if (queries.length === 0 && (await store.describeCollection(collection))?.schema?.mapping.title === null) {
    calibration.reason = 'the build has no title column to draw queries from (mapping.title): default fusion';
  }
  await store.recordCalibration(collection, calibration);
  return { calibration, heldOut: calibration.heldOut ? queries.slice(calibration.queries.tuning) : [] };
}

/** How a build's default mode (hybrid with its calibration, else the default fusion) does on these queries. */
export async function measureDefaultMode(
  store: VectorStore,
  embedder: Embedder,
  collection: string,
  model: string,
  queries: readonly TitleQuery[],
): Promise<QualityScores> {
  const weights = (await store.describeCollection(collection))?.calibration?.weights ?? DEFAULT_FUSION;
  return qualityOf(await fetchQueryLists(store, collection, model, embedder, queries), fusedBy(weights));
}
