/**
 * The English stopwords Qdrant's BM25 drops (`stopwords: 'english'`), those
 * that can be a word on their own: the word tokenizer splits "don't" into
 * "don" and "t", so the forms with an apostrophe never reach the list.
 */
const STOPWORDS = new Set(
  ('i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself ' +
    'it its itself they them their theirs themselves what which who whom this that these those am is are was were be ' +
    'been being have has had having do does did doing a an the and but if or because as until while of at by for with ' +
    'about against between into through during before after above below to from up down in out on off over under ' +
    'again further then once here there when where why how all any both each few more most other some such no nor not ' +
    'only own same so than too very s t can will just don should now d ll m o re ve y ain aren couldn didn doesn hadn ' +
    'hasn haven isn ma mightn mustn needn shan shouldn wasn weren won wouldn').split(' '),
);

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * A review's length as Qdrant's BM25 counts it (the `doc_len` it divides by
 * `avg_len`): its words, lower-cased, stopwords out. Stemming does not change
 * the count.
 */
export function reviewLength(text: string): number {
  let count = 0;
  for (const [word] of text.toLowerCase().matchAll(WORD)) if (!STOPWORDS.has(word)) count += 1;
  return count;
}

/** The mean length of the reviews it is shown. */
export class ReviewLengthSample {
  private total = 0;
  count = 0;

  add(text: string): void {
    this.total += reviewLength(text);
    this.count += 1;
  }

  mean(): number {
    return this.count === 0 ? 0 : this.total / this.count;
  }
}
