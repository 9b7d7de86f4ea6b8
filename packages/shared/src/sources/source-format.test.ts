import { detectDelimiter, detectFormat } from './source-format';

describe('detectFormat', () => {
  it('reads Parquet by its magic number, JSON Lines by a leading brace, anything else as CSV', () => {
    expect(detectFormat(Buffer.from('PAR1\u0015\u0004'))).toBe('parquet');
    expect(detectFormat(Buffer.from('\uFEFF  {"text": "a"}\n'))).toBe('jsonl');
    expect(detectFormat(Buffer.from('{"text": "a"}'))).toBe('jsonl');
    expect(detectFormat(Buffer.from('text,stars\n"{not json}",5\n'))).toBe('csv');
    expect(detectFormat(Buffer.from('[{"text": "a"}]'))).toBe('csv');
    expect(detectFormat(Buffer.alloc(0))).toBe('csv');
  });
});

describe('detectDelimiter', () => {
  it('picks the delimiter found most often in the first line, outside quotes', () => {
    expect(detectDelimiter(Buffer.from('a;b;c\n1,5;2;3\n'))).toBe(';');
    expect(detectDelimiter(Buffer.from('a\tb\tc\r\n1\t2\t3'))).toBe('\t');
    expect(detectDelimiter(Buffer.from('a|b|c'))).toBe('|');
    expect(detectDelimiter(Buffer.from('"x;y;z",b,c\n'))).toBe(',');
    expect(detectDelimiter(Buffer.from('\uFEFFreviewText,overall\n'))).toBe(',');
  });

  it('takes a comma when the line has no delimiter or ties with one', () => {
    expect(detectDelimiter(Buffer.from('text\nsome;thing\n'))).toBe(',');
    expect(detectDelimiter(Buffer.from('a,b;c\n'))).toBe(',');
  });
});
