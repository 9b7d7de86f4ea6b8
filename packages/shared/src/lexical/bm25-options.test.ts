import { bm25Document, bm25Options } from './bm25-options';

describe('bm25Document', () => {
  it('reads a lone surrogate as U+FFFD and leaves pairs, NUL and other text as they are', () => {
    const options = bm25Options(40);
    expect(bm25Document('\ud800 strings \u0000', options).text).toBe('\ufffd strings \u0000');
    expect(bm25Document('tail \udc00', options).text).toBe('tail \ufffd');
    expect(bm25Document('guitar 🎸 ✓', options).text).toBe('guitar 🎸 ✓');
    // What is left always survives a JSON round trip as the same text.
    const text = bm25Document('a\udbff\udfffb\ud800', options).text;
    expect(JSON.parse(JSON.stringify(text))).toBe(text);
    expect(text).toBe('a\udbff\udfffb\ufffd');
  });
});
