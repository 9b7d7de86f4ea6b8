import type { SourceReadState } from './ingest.jobs';

/**
 * Where an ingest is, in the product's words:
 * - `waiting`: queued, no worker has taken it yet;
 * - `reading`: the source is being read and its batches handed out (they are embedded meanwhile);
 * - `embedding`: the source is read; its last batches are being embedded and stored;
 * - `switching`: every batch is stored; the build's search is calibrated and the alias switched (when asked);
 * - `retrying`: a try failed (the source stalled, Qdrant did not answer...) and the next waits its backoff;
 * - `completed`, `failed`.
 */
export const INGEST_STATES = ['waiting', 'reading', 'embedding', 'switching', 'retrying', 'completed', 'failed'] as const;
export type IngestState = (typeof INGEST_STATES)[number];

/** The state of an ingest from its queue's state (BullMQ's words) and what its reader saved. */
export function ingestState(queueState: string, read: SourceReadState | undefined): IngestState {
  switch (queueState) {
    case 'completed':
    case 'failed':
      return queueState;
    case 'waiting-children':
      return 'embedding';
    case 'active':
      return read?.step === 'collecting' && read.readingDone ? 'switching' : 'reading';
    case 'delayed':
      return 'retrying';
    default:
      // waiting, prioritized, and any state BullMQ may add: not taken up yet.
      return 'waiting';
  }
}
