import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadEmbedder, transformersFor, type Transformers } from '@review-search/shared';
import { MINILM_FILES, writeTinyMiniLmModel } from '../support/tiny-minilm-model';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'review-search-window-'));
const cacheDir = path.join(work, 'cache');

const SENTENCES = [
  'These strings stayed in tune through a whole weekend of gigs, which surprised me.',
  'The pedal hums a little when the amp is cranked, but the overdrive sounds warm and articulate.',
  "I've bought cheaper cables before; this one's connectors feel sturdier and it doesn't crackle.",
  'Intonation on the acoustic improved after restringing, though the unwound strings squeaked at first.',
  'Shipping was quick, packaging was fine, and the price was reasonable for what you get.',
];
const review = (sentences: number) => Array.from({ length: sentences }, (_, i) => SENTENCES[(i * 3) % SENTENCES.length]).join(' ');

/** all-MiniLM-L6-v2's tokenizer, loaded on its own from the shared files (by transformers.js's AutoTokenizer, not the embedder). */
let tokenizer: Awaited<ReturnType<Transformers['AutoTokenizer']['from_pretrained']>>;
const wordpieces = (text: string) => tokenizer.encode(text, { add_special_tokens: false });

/** The text of `text`'s first `count` wordpieces, checked to tokenize back to exactly those. */
function prefix(text: string, count: number): string {
  const pieces = wordpieces(text).slice(0, count);
  const cut = tokenizer.decode(pieces);
  expect(wordpieces(cut)).toEqual(pieces);
  return cut;
}

function expectSameVector(actual: number[], expected: number[]) {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 6));
}

/** Apart by far more than float noise (one token fewer among 511 moves a value by ~1e-3). */
function expectOtherVector(actual: number[], other: number[]) {
  expect(Math.max(...actual.map((value, i) => Math.abs(value - other[i]!)))).toBeGreaterThan(1e-4);
}

beforeAll(async () => {
  const { AutoTokenizer } = transformersFor(MINILM_FILES, cacheDir).transformers;
  tokenizer = await AutoTokenizer.from_pretrained(MINILM_FILES, { local_files_only: true });
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe("a transformers.js model's window", () => {
  it("is sentence_bert_config.json's max_seq_length: all-MiniLM-L6-v2 reads 254 wordpieces between [CLS] and [SEP]", async () => {
    const directory = path.join(work, 'with-sentence-bert-config');
    writeTinyMiniLmModel(directory, { sentenceBertConfig: true });
    const embedder = await loadEmbedder(directory, { cacheDir });
    expect(embedder.maxTokens).toBe(256);

    const long = review(20);
    expect(wordpieces(long).length).toBeGreaterThan(380);
    expect(wordpieces(long).length).toBeLessThan(440);
    // A window cut anywhere else (at 512 as transformers.js does, or without [SEP]) fails one of these.
    const [whole, inWindow, oneShort, pastWindow] = await embedder.embed([long, prefix(long, 254), prefix(long, 253), prefix(long, 300)]);
    expectSameVector(whole!, inWindow!);
    expectSameVector(pastWindow!, inWindow!);
    expectOtherVector(whole!, oneShort!);
  });

  it("is the tokenizer's model_max_length (512 for all-MiniLM-L6-v2) in a directory without sentence_bert_config.json", async () => {
    const directory = path.join(work, 'tokenizer-only');
    writeTinyMiniLmModel(directory);
    const embedder = await loadEmbedder(directory, { cacheDir });
    expect(embedder.maxTokens).toBe(512);

    const long = review(32);
    expect(wordpieces(long).length).toBeGreaterThan(600);
    const [whole, inWindow, oneShort, cutAt256] = await embedder.embed([long, prefix(long, 510), prefix(long, 509), prefix(long, 254)]);
    expectSameVector(whole!, inWindow!);
    expectOtherVector(whole!, oneShort!);
    expectOtherVector(whole!, cutAt256!);
  });
});
