import { Readable } from 'node:stream';
import {
  createLogger,
  IngestSourceError,
  SourceUnavailableError,
  type Bm25Options,
  type EmbedBatchJob,
  type IngestSourceJob,
  type SourceReadState,
  type VectorStore,
} from '@review-search/shared';
import type { BuildCalibrator } from './build-activation';
import { ingestSource, WAITING_FOR_BATCHES, type SourceHandlerDeps, type SourceJobContext } from './ingest-source.handler';

/** A data row of the test source: its line, and the text it holds or why it is skipped. */
interface SourceRow {
  row: number;
  line: string;
  text?: string;
  skip?: string;
}

/**
 * `count` rows whose texts vary from 1 to 97 words (with ties); every 37th has
 * no text and every 53rd one field too many. `longFrom`: rows from there on have 400 words.
 */
function reviewsSource(count: number, longFrom = Infinity): { csv: string; rows: SourceRow[] } {
  const rows = Array.from({ length: count }, (_, i): SourceRow => {
    const row = i + 1;
    const words = row >= longFrom ? 400 : ((row * 7919) % 97) + 1;
    const text = `Review ${row}: ${'loud '.repeat(words).trim()}`;
    if (row % 37 === 0) return { row, line: `R${row},B1,""`, skip: 'empty reviewText' };
    if (row % 53 === 0) return { row, line: `R${row},B1,"${text}",extra`, skip: `4 fields where the header has 3 (line ${row + 1})` };
    return { row, line: `R${row},B1,"${text}"`, text };
  });
  return { csv: ['reviewerID,asin,reviewText', ...rows.map((r) => r.line)].join('\n') + '\n', rows };
}

/** The batches as row numbers: each window of `window` reviews in file order, ordered by text length then row, cut in batches. */
function expectedBatches(rows: SourceRow[], batchSize: number, window: number): number[][] {
  const reviews = rows.filter((r) => r.skip === undefined);
  const batches: number[][] = [];
  for (let start = 0; start < reviews.length; start += window) {
    const ordered = reviews.slice(start, start + window).sort((a, b) => a.text!.length - b.text!.length || a.row - b.row);
    for (let at = 0; at < ordered.length; at += batchSize) batches.push(ordered.slice(at, at + batchSize).map((r) => r.row));
  }
  return batches;
}

/** What a run of the handler did through its job and store. */
interface Run {
  batches: EmbedBatchJob[];
  states: SourceReadState[];
  events: string[];
  pendingAtEnqueue: number[];
}

/** A fake that throws for anything the handler is not expected to call. */
function strict<T extends object>(name: string, members: Partial<T>): T {
  return new Proxy(members, {
    get(target, key) {
      if (key in target) return target[key as keyof typeof target];
      throw new Error(`${name}.${String(key)} was not expected`);
    },
  }) as T;
}

interface RunOptions {
  state?: SourceReadState;
  /** The worker dies when it enqueues this batch. */
  crashAt?: number;
  /** The connection drops after this many bytes. */
  breakAt?: number;
  maxPendingBatches?: number;
}

async function readOnce(csv: string, data: Partial<IngestSourceJob>, options: RunOptions = {}): Promise<{ run: Run; outcome: unknown }> {
  const run: Run = { batches: [], states: [], events: [], pendingAtEnqueue: [] };
  // Unset: the workers keep up, and reading never pauses.
  const maxPendingBatches = options.maxPendingBatches ?? Infinity;
  let pending = 0;
  const job: SourceJobContext = {
    data: { source: 'reviews.csv', model: 'use-lite', collection: 'build', batchSize: 16, ...data },
    state: options.state,
    saveState: async (state) => void run.states.push(structuredClone(state)),
    async enqueueBatch(batch) {
      if (batch.batch === options.crashAt) throw new Error('worker killed');
      run.events.push(`batch ${batch.batch}`);
      run.pendingAtEnqueue.push(pending);
      pending += 1;
      run.batches.push(structuredClone(batch));
    },
    // Slow workers: they take a batch only when the reader finds the queue full.
    async pendingBatches() {
      const now = pending;
      if (pending >= maxPendingBatches) pending -= 1;
      return now;
    },
    waitForBatches: async () => true,
    batchResults: async () => [],
  };
  const bytes = Buffer.from(csv);
  let bytesRead = 0;
  async function* chunks() {
    for (let at = 0; at < bytes.length; at += 1000) {
      if (options.breakAt !== undefined && at >= options.breakAt) throw new Error('connection reset');
      bytesRead = Math.min(at + 1000, bytes.length);
      yield bytes.subarray(at, at + 1000);
    }
  }
  const deps: SourceHandlerDeps = {
    store: strict<VectorStore>('store', {
      ensureCollection: async () => undefined,
      recordBuild: async () => ({ state: 'building' as const, startedAt: 0 }),
      recordSchema: async () => undefined,
      async recordBm25Options(_collection: string, bm25: Bm25Options) {
        run.events.push(`bm25 ${bm25.avg_len}`);
        return bm25;
      },
    }),
    openSource: async () => ({ stream: Readable.from(chunks()), bytesRead: () => bytesRead, bytesTotal: bytes.length, maxBytes: 1024 ** 3 }),
    modelDimension: async () => 512,
    maxPendingBatches,
    alias: 'reviews',
    buildsKeep: 2,
    calibrator: strict<BuildCalibrator>('calibrator', {}),
    log: createLogger('test', 'silent'),
  };
  const outcome = await ingestSource(job, deps).catch((error: unknown) => error);
  return { run, outcome };
}

const rowsOf = (run: Run) => run.batches.map((batch) => batch.rows.map((r) => r.row));

describe('ingestSource reading a source in length-ordered batches', () => {
  const source = reviewsSource(300);
  const skipped = source.rows.filter((r) => r.skip !== undefined).map((r) => ({ row: r.row, reason: r.skip! }));

  it('orders each window of rows by text length, with exact counts, skip reasons, texts and progress', async () => {
    const { run, outcome } = await readOnce(source.csv, { lengthWindow: 128 });
    expect(outcome).toBe(WAITING_FOR_BATCHES);
    const expected = expectedBatches(source.rows, 16, 128);
    expect(rowsOf(run)).toEqual(expected);
    expect(run.batches.map((batch) => batch.batch)).toEqual(expected.map((_, i) => i));
    for (const row of run.batches.flatMap((batch) => batch.rows)) expect(row.review.reviewText).toBe(source.rows[row.row - 1]!.text);
    const done = run.states.at(-1)!;
    expect(done).toMatchObject({ step: 'collecting', readingDone: true, read: 300, skipped: skipped.length, batches: expected.length });
    expect(done.skippedReasons).toEqual(skipped);
    expect(done.bytesRead).toBe(Buffer.byteLength(source.csv));
    const progress = run.states.map((state) => state.bytesRead);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    // The same source in file order (a window no larger than a batch): the reviews as they come.
    const fileOrder = await readOnce(source.csv, { lengthWindow: 16 });
    const reviews = source.rows.filter((r) => r.skip === undefined).map((r) => r.row);
    expect(rowsOf(fileOrder.run)).toEqual(Array.from({ length: Math.ceil(reviews.length / 16) }, (_, i) => reviews.slice(i * 16, i * 16 + 16)));
    expect(rowsOf(fileOrder.run)).not.toEqual(expected);
  });

  it('a retry re-reads the source and fills the same batches: after a crash mid-read, and after a dropped connection', async () => {
    // Past the BM25 sample (2,000 reviews) batches go out window by window, as the source is read.
    const long = reviewsSource(2200, 2001);
    const full = await readOnce(long.csv, { lengthWindow: 128 });
    expect(rowsOf(full.run)).toEqual(expectedBatches(long.rows, 16, 128));
    const crashed = await readOnce(long.csv, { lengthWindow: 128 }, { crashAt: 100 });
    expect((crashed.outcome as Error).message).toBe('worker killed');
    expect(crashed.run.batches).toEqual(full.run.batches.slice(0, 100));
    const resumed = await readOnce(long.csv, { lengthWindow: 128 }, { state: crashed.run.states.at(-1) });
    expect(resumed.run.batches).toEqual(full.run.batches);

    const dropped = await readOnce(long.csv, { lengthWindow: 128 }, { breakAt: Buffer.byteLength(long.csv) - 150_000 });
    expect(dropped.outcome).toBeInstanceOf(SourceUnavailableError);
    // Nothing is flushed before a retry: only whole windows went out, the same as the full read's.
    expect(dropped.run.batches.length).toBeGreaterThan(0);
    expect(dropped.run.batches.length % 8).toBe(0);
    expect(dropped.run.batches.length).toBeLessThan(full.run.batches.length);
    expect(dropped.run.batches).toEqual(full.run.batches.slice(0, dropped.run.batches.length));
    const retried = await readOnce(long.csv, { lengthWindow: 128 }, { state: dropped.run.states.at(-1) });
    expect(retried.run.states.at(-1)).toMatchObject({ step: 'collecting', sourceFailures: 1 });
    expect(retried.run.batches).toEqual(full.run.batches);
  });

  it('a source that breaks for good still sends every complete row read before the break, grouped the same way', async () => {
    const broken = `${source.csv}R301,B1,"a quote never closed\nR302,B1,more\n`;
    const { run, outcome } = await readOnce(broken, { lengthWindow: 128 });
    expect(outcome).toBeInstanceOf(IngestSourceError);
    expect((outcome as Error).message).toMatch(/cannot be parsed from line 302 \(row 301\).*300 rows before it were read/);
    expect(rowsOf(run)).toEqual(expectedBatches(source.rows, 16, 128));
    expect(run.states.at(-1)).toMatchObject({ read: 300, skipped: skipped.length, skippedReasons: skipped });
  });

  it('records the BM25 options from the first 2,000 reviews in file order, before the first batch', async () => {
    const long = reviewsSource(2200, 2001);
    const grouped = await readOnce(long.csv, { lengthWindow: 128 });
    const fileOrder = await readOnce(long.csv, { lengthWindow: 0 });
    const recorded = grouped.run.events.filter((event) => event.startsWith('bm25'));
    expect(recorded).toHaveLength(1);
    expect(grouped.run.events[0]).toBe(recorded[0]);
    expect(fileOrder.run.events.filter((event) => event.startsWith('bm25'))).toEqual(recorded);
    expect(rowsOf(grouped.run)).toEqual(expectedBatches(long.rows, 16, 128));
  });

  it('honours limit, and pauses reading while INGEST_MAX_PENDING_BATCHES batches wait', async () => {
    const { run } = await readOnce(source.csv, { lengthWindow: 128, limit: 100 }, { maxPendingBatches: 2 });
    expect(rowsOf(run)).toEqual(expectedBatches(source.rows.slice(0, 100), 16, 128));
    expect(run.states.at(-1)).toMatchObject({ read: 100, skipped: skipped.filter((s) => s.row <= 100).length });
    expect(Math.max(...run.pendingAtEnqueue)).toBe(1);
  });
});
