import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip, gzipSync } from 'node:zlib';
import { writeParquetFile } from '../../../../test/support/parquet-file';
import { readParquetRecords } from './parquet-records';
import { IngestSourceError, SourceUnavailableError } from './source-error';
import { spoolToFile } from './spool-file';

const PREFIX = 'review-search-source-';

/** The spool folders in the temporary folder now. */
function spoolFolders(): string[] {
  return fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith(PREFIX));
}

function chunks(...parts: (string | Buffer)[]): Readable {
  return Readable.from(parts.map((part) => Buffer.from(part)));
}

async function failure(pending: Promise<unknown>): Promise<unknown> {
  return pending.then(
    () => new Error('expected a failure'),
    (error: unknown) => error,
  );
}

describe('spoolToFile', () => {
  it('copies the stream to a file only its owner may read, in a folder of its own, and removes both', async () => {
    const spooled = await spoolToFile(chunks('PAR1', Buffer.alloc(70_000, 7), 'end'), 70_007);
    expect(spooled.bytes).toBe(70_007);
    expect(fs.readFileSync(spooled.file)).toEqual(Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(70_000, 7), Buffer.from('end')]));
    expect(fs.statSync(spooled.file).mode & 0o777).toBe(0o600);
    const folder = path.dirname(spooled.file);
    expect(path.dirname(folder)).toBe(os.tmpdir());
    expect(path.basename(folder).startsWith(PREFIX)).toBe(true);
    expect(fs.statSync(folder).mode & 0o777).toBe(0o700);
    await spooled.remove();
    expect(fs.existsSync(folder)).toBe(false);
    await spooled.remove();
  });

  it('refuses a stream over the bound, naming it, and leaves no file behind', async () => {
    const before = spoolFolders();
    const error = await failure(spoolToFile(chunks('12345', '6789', '0'), 9));
    expect(error).toBeInstanceOf(IngestSourceError);
    expect((error as Error).message).toBe('the source is larger than 9 bytes, the most that may be copied to a temporary file to be read');
    expect(spoolFolders()).toEqual(before);
  });

  it('passes on the typed error of a source that breaks, and one of its own where a stream just fails, leaving no file', async () => {
    const before = spoolFolders();
    const typed = new SourceUnavailableError('reading the source URL broke off (ECONNRESET)');
    const breakingWith = (error: Error) =>
      Readable.from(
        (async function* () {
          yield Buffer.from('PAR1');
          throw error;
        })(),
      );
    expect(await failure(spoolToFile(breakingWith(typed), 100))).toBe(typed);
    const plain = await failure(spoolToFile(breakingWith(new Error('socket hang up')), 100));
    expect(plain).toBeInstanceOf(SourceUnavailableError);
    expect((plain as Error).message).toBe('reading the source broke off (socket hang up)');
    expect(spoolFolders()).toEqual(before);
  });

  it('gives a gzipped Parquet stream to the Parquet reader as a file', async () => {
    const written = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'review-search-spool-test-')), 'reviews.parquet');
    writeParquetFile(written, [{ name: 'reviewText', type: 'STRING', values: ['first', 'second', 'third'] }], { rowGroupSize: 2 });
    const gunzipped = Readable.from([gzipSync(fs.readFileSync(written))]).pipe(createGunzip());
    const spooled = await spoolToFile(gunzipped, 1024 * 1024);
    try {
      expect(spooled.bytes).toBe(fs.statSync(written).size);
      const texts = [];
      for await (const record of readParquetRecords(spooled.file)) texts.push(record.fields.reviewText);
      expect(texts).toEqual(['first', 'second', 'third']);
    } finally {
      await spooled.remove();
      fs.rmSync(path.dirname(written), { recursive: true, force: true });
    }
  });
});
