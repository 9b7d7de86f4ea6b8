import type { EmbedBatchResult, SourceReadState } from './ingest.jobs';
import type { IngestProgress } from './ingest-status';

/**
 * Progress of an ingest, derived from the reader's state and the results of the
 * batches done so far. While the source is still being read, the total is
 * estimated from the bytes read (or the limit).
 */
export function ingestProgress(
  read: SourceReadState | undefined,
  batches: readonly EmbedBatchResult[],
  limit: number | undefined,
  now: number,
): IngestProgress {
  const embedded = sum(batches, 'embedded');
  const upserted = sum(batches, 'upserted');
  const cached = sum(batches, 'cached');
  if (!read) return { read: 0, embedded, cached, upserted, skipped: 0, percent: 0, rate: 0, eta: null };
  const total = read.readingDone ? read.read : estimateTotal(read, limit);
  const done = upserted + read.skipped;
  const percent = total && total > 0 ? Math.min(100, (100 * done) / total) : read.readingDone ? 100 : 0;
  const seconds = Math.max((now - read.startedAt) / 1000, 1e-3);
  const rate = upserted / seconds;
  const eta = total !== undefined && rate > 0 ? Math.max(0, (total - done) / rate) : null;
  return {
    read: read.read,
    embedded,
    cached,
    upserted,
    skipped: read.skipped,
    percent: round(percent, 1),
    rate: round(rate, 1),
    eta: eta === null ? null : Math.round(eta),
  };
}

function estimateTotal(read: SourceReadState, limit: number | undefined): number | undefined {
  if (read.recordsTotal !== undefined) return limit === undefined ? read.recordsTotal : Math.min(limit, read.recordsTotal);
  const byBytes =
    read.bytesTotal && read.bytesRead > 0 ? Math.round(read.read / (read.bytesRead / read.bytesTotal)) : undefined;
  if (limit !== undefined) return byBytes === undefined ? limit : Math.min(limit, byBytes);
  return byBytes;
}

function sum(batches: readonly EmbedBatchResult[], key: 'embedded' | 'cached' | 'upserted'): number {
  return batches.reduce((total, batch) => total + (batch[key] ?? 0), 0);
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
