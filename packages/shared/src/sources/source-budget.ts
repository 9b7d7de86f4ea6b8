import { IngestSourceError, SourceUnavailableError } from './source-error';

/** What one read of a source may take. */
export interface SourceBounds {
  /** A source that sends nothing for this long has stalled (`SOURCE_IDLE_TIMEOUT_MS`): retried. */
  idleTimeoutMs: number;
  /** Bytes taken from the source, before any gunzip (`SOURCE_MAX_BYTES`). */
  maxBytes: number;
  /** Time spent waiting for the source to answer and send (`SOURCE_MAX_SECONDS`). */
  maxSeconds: number;
}

/**
 * Decompressed bytes a gzipped source may unpack to: this many times
 * SOURCE_MAX_BYTES. CSV text rarely packs smaller than a tenth; a gzip bomb
 * (about a thousandth) stops here.
 */
export const MAX_GZIP_RATIO = 16;

/**
 * Counts what a source has taken against its bounds. Time counts only while
 * the reader waits for the source (the answer, then each chunk): while the
 * ingest pauses reading for its embedding batches to catch up, the clock
 * stops, so a large source read slowly by a busy ingest is not cut short; a
 * source that drips forever is.
 */
export class SourceBudget {
  private bytes = 0;
  private waitedMs = 0;

  constructor(
    readonly bounds: SourceBounds,
    /** How a stall names the source: the URL being fetched (each redirect's), or the file. */
    public name: string,
  ) {}

  bytesRead(): number {
    return this.bytes;
  }

  /** Adds bytes taken from the source; fails past SOURCE_MAX_BYTES. */
  count(n: number): void {
    this.bytes += n;
    if (this.bytes > this.bounds.maxBytes) throw tooLarge(this.bounds.maxBytes);
  }

  /** A size announced before reading (file size, Content-Length): fails at once past SOURCE_MAX_BYTES. */
  announce(size: number | undefined): void {
    if (size !== undefined && size > this.bounds.maxBytes) throw tooLarge(this.bounds.maxBytes);
  }

  /** `pending`, unless the source sends nothing for the idle timeout, or the waiting adds up past SOURCE_MAX_SECONDS. */
  async wait<T>(pending: Promise<T>, what = 'nothing'): Promise<T> {
    const started = Date.now();
    const timers: (() => void)[] = [];
    const limits = new Promise<never>((_, reject) => {
      timers.push(idleTimer(this.bounds.idleTimeoutMs, () => reject(stalled(this.name, this.bounds.idleTimeoutMs, what))));
      const left = Math.max(0, this.bounds.maxSeconds * 1000 - this.waitedMs);
      const overtime = setTimeout(() => reject(tooSlow(this.bounds.maxSeconds)), left);
      timers.push(() => clearTimeout(overtime));
    });
    try {
      return await Promise.race([pending, limits]);
    } finally {
      for (const cancel of timers) cancel();
      this.waitedMs += Date.now() - started;
    }
  }
}

export function tooLarge(maxBytes: number): IngestSourceError {
  return new IngestSourceError(`the source is larger than SOURCE_MAX_BYTES (${maxBytes} bytes)`);
}

export function unpacksTooLarge(maxBytes: number): IngestSourceError {
  return new IngestSourceError(
    `the gzipped source unpacks to more than ${MAX_GZIP_RATIO} times SOURCE_MAX_BYTES (${MAX_GZIP_RATIO * maxBytes} bytes)`,
  );
}

function tooSlow(maxSeconds: number): IngestSourceError {
  return new IngestSourceError(`reading the source took longer than SOURCE_MAX_SECONDS (${maxSeconds} s)`);
}

function stalled(name: string, idleTimeoutMs: number, what: string): SourceUnavailableError {
  return new SourceUnavailableError(`the source stalled: ${name} sent ${what} for ${idleTimeoutMs} ms (SOURCE_IDLE_TIMEOUT_MS)`);
}

/**
 * Calls `onIdle` once `idleMs` have passed with the event loop free to take
 * what the source sent: the time counts in ticks of a tenth, and a tick the
 * loop spent blocked (parsing a huge row, say) counts once however long it
 * was, so a busy process never takes its own slowness for a stalled source.
 */
function idleTimer(idleMs: number, onIdle: () => void): () => void {
  const TICKS = 10;
  let ticks = 0;
  const interval = setInterval(() => {
    if (++ticks < TICKS) return;
    clearInterval(interval);
    onIdle();
  }, Math.max(1, Math.ceil(idleMs / TICKS)));
  return () => clearInterval(interval);
}
