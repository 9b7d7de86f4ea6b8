import type { IngestSourceJob } from './ingest.jobs';
import type { IngestStatus } from './ingest-status';

/** Where ingests are enqueued and followed, whatever runs the queue. */
export interface IngestQueue {
  /**
   * Enqueues an ingest and returns its job id: a random UUID, unless a `jobId`
   * is given (one already queued or running is then reused).
   */
  enqueue(job: IngestSourceJob, options?: { jobId?: string }): Promise<string>;
  /** `undefined` for an unknown job id. */
  status(jobId: string): Promise<IngestStatus | undefined>;
  /** Jobs per queue and state (waiting, active, delayed, failed, ...). */
  depths(): Promise<Record<string, Record<string, number>>>;
  /** Reviews stored per second, summed over the ingests running now. */
  ingestRate(): Promise<number>;
  /** Throws `UnavailableError` unless the queue's store answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
