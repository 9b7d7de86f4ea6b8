import { MAX_ROW_BYTES } from './row-checks';

const NEWLINE = 0x0a;

/** One line of a line-based source: its text (without its line end), or `oversized` past `MAX_ROW_BYTES`. */
export type RecordLine = { line: number; text: string } | { line: number; oversized: true };

/**
 * The lines of a byte stream, numbered from 1, each decoded as UTF-8 (invalid
 * UTF-8 reads as U+FFFD) with its CR LF or LF dropped. A line over
 * `MAX_ROW_BYTES` is not kept: its bytes are passed over up to its end and it
 * comes as `oversized`, so memory stays bounded whatever the source holds.
 */
export async function* recordLines(chunks: AsyncIterable<Buffer>): AsyncGenerator<RecordLine> {
  let parts: Buffer[] = [];
  let held = 0;
  let oversized = false;
  let line = 0;
  const take = (piece: Buffer) => {
    held += piece.length;
    if (held > MAX_ROW_BYTES) [oversized, parts] = [true, []];
    else if (!oversized && piece.length > 0) parts.push(piece);
  };
  const finish = (): RecordLine => {
    line += 1;
    const whole = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    const done: RecordLine = oversized ? { line, oversized: true } : { line, text: withoutCr(whole.toString('utf8')) };
    [parts, held, oversized] = [[], 0, false];
    return done;
  };
  for await (const chunk of chunks) {
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end >= 0; end = chunk.indexOf(NEWLINE, start)) {
      take(chunk.subarray(start, end));
      yield finish();
      start = end + 1;
    }
    take(chunk.subarray(start));
  }
  if (held > 0) yield finish();
}

function withoutCr(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}
