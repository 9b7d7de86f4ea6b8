import { Readable } from 'node:stream';
import { IngestSourceError } from './source-error';
import { readCsvRecords } from './review-records';

async function collect(csv: string, limit?: number) {
  const rows = [];
  for await (const record of readCsvRecords(Readable.from([Buffer.from(csv)]), limit)) rows.push(record);
  return rows;
}

describe('readCsvRecords', () => {
  it('numbers data rows from 1 and keys fields by header, across quoted newlines', async () => {
    const rows = await collect('\uFEFFreviewText,overall\n"a, b\nc",5\nplain,4\n');
    expect(rows).toEqual([
      { row: 1, fields: { reviewText: 'a, b\nc', overall: '5' } },
      { row: 2, fields: { reviewText: 'plain', overall: '4' } },
    ]);
  });

  it('stops after limit rows', async () => {
    expect(await collect('reviewText\na\nb\nc\n', 2)).toHaveLength(2);
  });

  it('refuses a CSV without a reviewText column, naming its header', async () => {
    await expect(collect('text,stars\nx,1\n')).rejects.toThrow("the CSV has no 'reviewText' column; its header is: text, stars");
  });

  it('refuses an empty source', async () => {
    await expect(collect('')).rejects.toThrow(new IngestSourceError('the source is empty: it has no header row'));
  });

  it('names the line where the CSV breaks', async () => {
    await expect(collect('reviewText,overall\nok,5\n"unterminated,4\n')).rejects.toThrow(/cannot be parsed .*Quote Not Closed.*at line 3/);
  });
});
