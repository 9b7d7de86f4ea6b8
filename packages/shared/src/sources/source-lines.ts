import { Readable } from 'node:stream';
import { errorMessage, ReviewSearchError } from '../errors';
import { MAX_ROW_BYTES, rowCount } from './row-checks';
import { IngestSourceError, SourceUnavailableError } from './source-error';

const NEWLINE = 0x0a;
/** How the start of an HTML page looks (after a BOM and white space). */
const HTML_START = /^(?:\uFEFF)?\s*<(!doctype\s+html|html|head|body)[\s>]/i;

/**
 * The bytes of a line-based source (CSV, JSON Lines) as its parser gets them.
 * When the source breaks (a truncated gzip, a dropped connection, a stall),
 * the parser gets every complete line before the break and then a clean end,
 * never half a row; the break is kept and reported by `failure()` with the
 * rows taken before it. So the rows before a break are always the same ones,
 * however the chunks fell. (At most `MAX_ROW_BYTES` wait for their line's end.)
 */
export class SourceLines {
  readonly stream: Readable;
  private broken: unknown;
  private html: string | undefined;
  private stopped = false;

  /** `format` names what the source should have been, for an HTML page's message. */
  constructor(
    source: Readable,
    private readonly format = 'a CSV file',
  ) {
    this.stream = Readable.from(this.lines(source), { objectMode: false });
  }

  /** Reads no further (the parser found the source broken). */
  stop(): void {
    this.stopped = true;
  }

  /** Why the source could not be read to its end, if it could not; `rows` were taken before. */
  failure(rows: number): ReviewSearchError | undefined {
    if (this.html !== undefined) {
      return new IngestSourceError(`the source is an HTML page, not ${this.format} (it begins with ${this.html})`);
    }
    if (this.broken === undefined) return undefined;
    const message = `${errorMessage(this.broken)} after ${rowCount(rows)}`;
    return this.broken instanceof IngestSourceError
      ? new IngestSourceError(message, undefined, { cause: this.broken })
      : new SourceUnavailableError(message, undefined, { cause: this.broken });
  }

  private async *lines(source: Readable): AsyncGenerator<Buffer> {
    let partial: Buffer[] = [];
    let held = 0;
    let first = true;
    try {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        if (this.stopped) return;
        if (first) {
          first = false;
          const tag = HTML_START.exec(chunk.subarray(0, 200).toString('utf8'))?.[1];
          if (tag !== undefined) {
            // Named by the tag it matched, never by the page's own bytes.
            this.html = /^!doctype/i.test(tag) ? '<!DOCTYPE html>' : `<${tag.toLowerCase()}>`;
            return;
          }
        }
        const end = chunk.lastIndexOf(NEWLINE) + 1;
        // A line longer than a row may be (no LF: CR line ends, or a broken quote) goes on regardless.
        if (end === 0 && (held += chunk.length) <= MAX_ROW_BYTES) {
          partial.push(chunk);
          continue;
        }
        for (const piece of partial) yield piece;
        yield end === 0 ? chunk : chunk.subarray(0, end);
        partial = end > 0 && end < chunk.length ? [chunk.subarray(end)] : [];
        held = partial[0]?.length ?? 0;
      }
      for (const piece of partial) yield piece;
    } catch (error) {
      this.broken = error;
    } finally {
      source.destroy();
    }
  }
}
