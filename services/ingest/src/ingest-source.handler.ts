import {
  bm25Options,
  ConflictError,
  IngestSourceError,
  MAX_SKIPPED_REASONS,
  FieldTypes,
  readSourceRecords,
  resolveMapping,
  reviewFromSource,
  ReviewLengthSample,
  SourceUnavailableError,
  type OpenedSource,
  type EmbedBatchJob,
  type EmbedBatchResult,
  type IngestResult,
  type IngestSourceJob,
  type Logger,
  type ReviewRow,
  type SkippedRow,
  type SourceReadState,
  type BuildSchema,
  type ColumnMapping,
  type GivenMapping,
  type SourceShape,
  type VectorStore,
} from '@review-search/shared';
import { setTimeout as sleep } from 'node:timers/promises';
import { activateBuild, decideActivation, type BuildCalibrator } from './build-activation';
import { pruneBuilds } from './kept-builds';
import { LengthBuckets } from './length-buckets';

/** What the source handler needs from the job that runs it, whatever queue runs it. */
export interface SourceJobContext {
  readonly data: IngestSourceJob;
  /** What an earlier run of this job saved, if any. */
  readonly state: SourceReadState | undefined;
  saveState(state: SourceReadState): Promise<void>;
  /** Adds a batch as a child of this job; adding the same batch number twice is a no-op. */
  enqueueBatch(batch: EmbedBatchJob): Promise<void>;
  /** Batches enqueued but not yet taken by a worker. */
  pendingBatches(): Promise<number>;
  /** Parks the job until its batches are done; false when they already are. */
  waitForBatches(): Promise<boolean>;
  batchResults(): Promise<EmbedBatchResult[]>;
}

export interface SourceHandlerDeps {
  store: VectorStore;
  openSource(source: string): Promise<OpenedSource>;
  /**
   * Loads the build's embedding model (downloading it if need be) and returns
   * its vector size. Called before anything is read or made, so a model that
   * cannot be had fails the build at once (`ModelUnavailableError`).
   */
  modelDimension(model: string): Promise<number>;
  /** The live alias, whose superseded builds are pruned when a build completes. */
  alias: string;
  /** Superseded builds of the alias kept for rollback (`BUILDS_KEEP`). */
  buildsKeep: number;
  /** Reading pauses while this many batches wait for a worker (bounds what sits in Redis). */
  maxPendingBatches: number;
  /** Calibrates the build's search once its batches are done. */
  calibrator: BuildCalibrator;
  log: Logger;
}

/** The job is parked until its batches finish; it runs again then. */
export const WAITING_FOR_BATCHES = Symbol('waiting-for-batches');

/**
 * An ingest: reads the source as a stream, turns rows into reviews, skips (and
 * counts, with their row numbers) rows that cannot be reviews, records the
 * build's BM25 options (its reviews' mean length measured on the first ones),
 * and fans batches out to the embedding workers, reviews of similar length
 * together within a window of rows (`LengthBuckets`). When all batches are done it
 * runs again, calibrates the build's hybrid search on its own titles, points
 * the alias at the collection if asked (`if-better`: only if it measures at
 * least as well as the live build) (only then: a failed build never touches
 * the live collection), and reports the totals. A source that breaks part-way
 * for good fails the ingest once the complete rows before the break are stored;
 * one with no review to store fails too, so no alias ever moves to an empty build.
 */
export async function ingestSource(
  job: SourceJobContext,
  deps: SourceHandlerDeps,
): Promise<IngestResult | typeof WAITING_FOR_BATCHES> {
  const { data } = job;
  if (job.state?.step !== 'collecting') {
    const dimension = await deps.modelDimension(data.model);
    const startedAt = job.state?.startedAt ?? Date.now();
    if (data.mode === 'upsert') {
      await assertUpsertTarget(deps.store, data.collection, data.model);
    } else {
      await deps.store.ensureCollection(data.collection, dimension, data.model);
      if (!job.state) await deps.store.recordBuild(data.collection, { state: 'building', startedAt });
    }
    const given = data.mode === 'upsert' ? await buildMapping(deps.store, data.collection) : data.mapping;
    const state = await readSource(job, deps, startedAt, given);
    deps.log.info({ collection: data.collection, read: state.read, skipped: state.skipped, batches: state.batches }, 'source read');
    if (await job.waitForBatches()) return WAITING_FOR_BATCHES;
  }
  return collect(job, deps);
}

/**
 * Reviews whose mean length sets the build's BM25 `avg_len`: the first ones
 * read, held back (never more than this many) until the options are recorded,
 * since Qdrant needs them with the first upsert. A sample, not the whole
 * source: the source is read once, as a stream (a URL is not downloaded
 * twice), and nothing waits for its end. The price is a source's head that
 * differs from the whole: the Musical Instruments corpus is sorted by product,
 * and its first 2,000 reviews average 40.9 terms against 45.9 for all of
 * them. `avg_len` only scales BM25's length normalisation, the same for every
 * review of the build, and the IDF is Qdrant's, over the whole collection.
 */
export const BM25_LENGTH_SAMPLE = 2000;

/** Tries of a source that stalls or breaks off before the ingest fails (the job's backoff between them). */
export const SOURCE_TRIES = 3;

async function readSource(job: SourceJobContext, deps: SourceHandlerDeps, startedAt: number, given: GivenMapping | undefined): Promise<SourceReadState> {
  const { data } = job;
  const state: SourceReadState = {
    step: 'reading',
    startedAt,
    read: 0,
    skipped: 0,
    skippedReasons: [],
    batches: 0,
    bytesRead: 0,
    readingDone: false,
    sourceFailures: job.state?.sourceFailures ?? 0,
  };
  let source: OpenedSource | undefined;
  const buckets = new LengthBuckets({ batchSize: data.batchSize, window: data.lengthWindow ?? 0 });
  // Batches cut, in order, not yet enqueued (held while the BM25 sample fills).
  const cut: ReviewRow[][] = [];
  const lengths = new ReviewLengthSample();
  let bm25Recorded = false;
  // Sends the batches cut (once the build's BM25 options are recorded; `final`: whatever the sample has).
  const send = async (final: boolean) => {
    if (cut.length === 0) return;
    if (!bm25Recorded) {
      if (!final && lengths.count < BM25_LENGTH_SAMPLE) return;
      const recorded = await deps.store.recordBm25Options(data.collection, bm25Options(lengths.mean()));
      deps.log.info({ collection: data.collection, avg_len: recorded.avg_len, sampled: lengths.count }, 'BM25 options recorded');
      bm25Recorded = true;
    }
    while (cut.length > 0) {
      while ((await job.pendingBatches()) >= deps.maxPendingBatches) await sleep(200);
      await job.enqueueBatch({
        collection: data.collection,
        model: data.model,
        batch: state.batches,
        ...(data.mode === 'upsert' ? { mode: 'upsert' as const } : {}),
        rows: cut[0]!,
      });
      cut.shift();
      state.batches += 1;
      state.bytesRead = source?.bytesRead() ?? 0;
      await job.saveState(state);
    }
  };
  // Every row held, cut and sent: at the end of the source, or where it breaks for good.
  const flush = async () => {
    cut.push(...buckets.flush());
    await send(true);
  };
  const skip = (skipped: SkippedRow) => {
    state.skipped += 1;
    if (state.skippedReasons.length < MAX_SKIPPED_REASONS) state.skippedReasons.push(skipped);
  };
  const onSkip = (skipped: SkippedRow) => {
    state.read += 1;
    skip(skipped);
  };
  // How the source reads (told by the reader before its first record) and the build's schema.
  let shape: SourceShape | undefined;
  let mapping: ColumnMapping | undefined;
  const fieldTypes = new FieldTypes();
  const schema = (): BuildSchema => ({ ...shape!, mapping: mapping!, fields: fieldTypes.summary() });
  const building = data.mode !== 'upsert';
  let schemaRecorded = false;
  try {
    source = await deps.openSource(data.source);
    state.bytesTotal = source.bytesTotal;
    const records = readSourceRecords(
      source.stream,
      { format: data.format, delimiter: data.delimiter },
      {
        limit: data.limit,
        maxBytes: source.maxBytes,
        onSkip,
        onShape: (read) => (shape = read),
        onColumns: (columns) => (mapping = resolveMapping(given, columns)),
        onTotal: (records) => (state.recordsTotal = records),
      },
    );
    for await (const record of records) {
      // Before the first batch: the build's mapping, and the payload indexes it needs.
      if (building && !schemaRecorded) {
        await deps.store.recordSchema(data.collection, schema());
        schemaRecorded = true;
      }
      state.read += 1;
      const read = reviewFromSource(record.fields, { mapping: mapping!, textCells: shape!.format === 'csv' });
      if ('skip' in read) {
        skip({ row: record.row, reason: read.skip });
        continue;
      }
      fieldTypes.observe(read.review);
      if (lengths.count < BM25_LENGTH_SAMPLE) lengths.add(read.review.reviewText);
      cut.push(...buckets.add({ row: record.row, id: read.id, review: read.review }));
      await send(false);
    }
    await flush();
    if (state.batches === 0) throw new IngestSourceError(nothingStored(state));
    if (building) await deps.store.recordSchema(data.collection, schema());
  } catch (caught) {
    const error = lastTry(caught, state);
    // A source that cannot be read further keeps the complete rows read before the break.
    // (Not before a retry: the retry reads again, and must fill the same batches.)
    if (error instanceof IngestSourceError) await flush();
    await job.saveState({ ...state, bytesRead: source?.bytesRead() ?? 0 });
    throw error;
  }
  const done: SourceReadState = { ...state, step: 'collecting', bytesRead: source.bytesRead(), readingDone: true };
  await job.saveState(done);
  return done;
}

/** A stall or a broken connection is retried (counted in the state) until the last try, where it fails the ingest. */
function lastTry(error: unknown, state: SourceReadState): unknown {
  if (!(error instanceof SourceUnavailableError)) return error;
  state.sourceFailures = (state.sourceFailures ?? 0) + 1;
  if (state.sourceFailures < SOURCE_TRIES) return error;
  return new IngestSourceError(`${error.message} (tried ${state.sourceFailures} times)`, undefined, { cause: error });
}

function nothingStored(state: SourceReadState): string {
  const first = state.skippedReasons.slice(0, 3).map((s) => `row ${s.row}: ${s.reason}`);
  return `no review to store: all ${state.read} rows were skipped (${first.join('; ')}${state.skipped > first.length ? '; ...' : ''})`;
}

async function collect(job: SourceJobContext, deps: SourceHandlerDeps): Promise<IngestResult> {
  const { data } = job;
  const state = job.state!;
  const results = await job.batchResults();
  const embedded = results.reduce((sum, r) => sum + r.embedded, 0);
  const upserted = results.reduce((sum, r) => sum + r.upserted, 0);
  const cached = results.reduce((sum, r) => sum + (r.cached ?? 0), 0);
  const storedMs = Date.now() - state.startedAt;
  if (data.mode === 'upsert') return upsertResult(data, state, { embedded, cached, upserted, storedMs }, results, deps);
  const build = await deps.calibrator.calibrate(data.collection, data.model);
  deps.log.info({ collection: data.collection, weights: build.calibration.weights, reason: build.calibration.reason }, 'search calibrated');
  const activation =
    data.activateAlias && data.activateWhen === 'if-better'
      ? await decideActivation(deps.store, deps.calibrator, data.activateAlias, data.collection, build)
      : undefined;
  await deps.store.recordBuild(data.collection, { state: 'built', startedAt: state.startedAt });
  const wanted = data.activateAlias !== undefined && (activation?.activated ?? true);
  const switched = wanted ? await activateBuild(deps.store, data.activateAlias!, data.collection, state.startedAt) : undefined;
  const activate = switched?.activated ?? false;
  const pruned = await pruneBuilds(deps.store, deps.alias, deps.buildsKeep);
  if (pruned.length > 0) deps.log.info({ pruned, keep: deps.buildsKeep }, 'superseded builds deleted');
  const collection = await deps.store.describeCollection(data.collection);
  const tookMs = Date.now() - state.startedAt;
  return {
    collection: data.collection,
    model: data.model,
    read: state.read,
    embedded,
    cached,
    upserted,
    skipped: state.skipped,
    batches: state.batches,
    points: collection?.points ?? 0,
    activated: activate ? data.activateAlias! : null,
    calibration: build.calibration,
    ...(activation ? { activation } : {}),
    ...(switched && !switched.activated ? { stayedInactive: switched.reason } : {}),
    ...(pruned.length > 0 ? { pruned } : {}),
    tookMs,
    // Source to stored: the calibration after it is not part of the rate.
    rate: Math.round((upserted / Math.max(storedMs, 1)) * 1000 * 10) / 10,
  };
}

/** An upsert reads its source with the build's own mapping (a build made before mappings were kept: the corpus's). */
async function buildMapping(store: VectorStore, collection: string): Promise<GivenMapping | undefined> {
  return (await store.describeCollection(collection))?.schema?.mapping;
}

/** An upsert writes into a build that exists, with the build's own model. */
async function assertUpsertTarget(store: VectorStore, collection: string, model: string): Promise<void> {
  const info = await store.describeCollection(collection);
  if (!info) throw new ConflictError(`cannot upsert into '${collection}': there is no such collection (it was deleted?)`, { collection });
  if (info.model !== model) {
    throw new ConflictError(`cannot upsert into '${collection}' with ${model}: its vectors are ${info.model}'s`, { collection });
  }
}

/** The totals of an upsert: the build keeps its calibration, record and place (nothing is activated or pruned). */
async function upsertResult(
  data: IngestSourceJob,
  state: SourceReadState,
  totals: { embedded: number; cached: number; upserted: number; storedMs: number },
  results: readonly EmbedBatchResult[],
  deps: SourceHandlerDeps,
): Promise<IngestResult> {
  const changes = { added: 0, replaced: 0, unchanged: 0 };
  for (const result of results) {
    changes.added += result.changes?.added ?? 0;
    changes.replaced += result.changes?.replaced ?? 0;
    changes.unchanged += result.changes?.unchanged ?? 0;
  }
  const collection = await deps.store.describeCollection(data.collection);
  return {
    collection: data.collection,
    model: data.model,
    read: state.read,
    embedded: totals.embedded,
    cached: totals.cached,
    upserted: totals.upserted,
    skipped: state.skipped,
    batches: state.batches,
    points: collection?.points ?? 0,
    activated: null,
    changes,
    tookMs: Date.now() - state.startedAt,
    rate: Math.round((totals.upserted / Math.max(totals.storedMs, 1)) * 1000 * 10) / 10,
  };
}
