import { ingestState } from './ingest-state';
import type { SourceReadState } from './ingest.jobs';

const read = (step: SourceReadState['step'], readingDone: boolean): SourceReadState => ({
  step,
  startedAt: 0,
  read: 10,
  skipped: 0,
  skippedReasons: [],
  batches: 1,
  bytesRead: 100,
  readingDone,
});

describe('an ingest state in the product\'s words', () => {
  it.each([
    ['waiting', undefined, 'waiting'],
    ['prioritized', undefined, 'waiting'],
    ['active', undefined, 'reading'],
    ['active', read('reading', false), 'reading'],
    ['waiting-children', read('collecting', true), 'embedding'],
    ['active', read('collecting', true), 'switching'],
    ['delayed', read('reading', false), 'retrying'],
    ['completed', read('collecting', true), 'completed'],
    ['failed', read('reading', false), 'failed'],
  ] as const)('BullMQ %s with the reader at %j is %s', (queueState, saved, expected) => {
    expect(ingestState(queueState, saved)).toBe(expected);
  });
});
