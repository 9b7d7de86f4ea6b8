/** Signals a reader would look for in generated text, measured. */
import { eng, spa } from 'stopword';

const WORD = /[\p{L}\p{N}']+/gu;

export function words(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []) as string[];
}

/** Distinct word bigrams / all word bigrams: 1 = no bigram repeats; low = the text loops. Null under two words. */
export function distinct2(text: string): number | null {
  const w = words(text);
  if (w.length < 2) return null;
  const bigrams = w.slice(1).map((word, i) => `${w[i]} ${word}`);
  return round(new Set(bigrams).size / bigrams.length);
}

/** Share of word trigrams that already appeared earlier in the text: 0 = none repeated. Null under three words. */
export function repetitionRate(text: string): number | null {
  const w = words(text);
  if (w.length < 3) return null;
  const seen = new Set<string>();
  let repeated = 0;
  for (let i = 2; i < w.length; i += 1) {
    const trigram = `${w[i - 2]} ${w[i - 1]} ${w[i]}`;
    if (seen.has(trigram)) repeated += 1;
    seen.add(trigram);
  }
  return round(repeated / (w.length - 2));
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** Sentences of a text (Unicode sentence boundaries), trimmed, empty ones dropped. */
export function sentences(text: string): string[] {
  return [...segmenter.segment(text.replace(/\s+/g, ' '))].map((s) => s.segment.trim()).filter((s) => s.length > 0);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** A sentence's text for exact-duplicate checks: lower case, words only, single spaces ("Good strings!" = "good strings"). */
export function normalised(text: string): string {
  return words(text).join(' ');
}

/**
 * Words that only pass a verdict or name the rating, in English and Spanish:
 * "good", "love", "five stars", "excelente". Alone (with stopwords and the
 * thing judged) they say nothing a star rating does not.
 */
const VERDICT_WORDS = new Set(
  (
    'good great best better excellent awesome amazing nice fine perfect fantastic wonderful superb outstanding solid decent ' +
    'bad worst terrible awful poor horrible crappy junk garbage lousy sucks meh ok okay cool love loved loves like liked likes recommend recommended happy ' +
    'satisfied pleased product item thing stuff buy bought purchase purchased worth star stars one two three four five ' +
    'really so just quite pretty very definitely highly absolutely totally exactly ' +
    'bueno buena buenos buenas excelente genial perfecto perfecta malo mala recomiendo recomendado producto estrellas'
  ).split(' '),
);
/** The package's lists hold no contractions; these carry no content either. */
const CONTRACTIONS = ["it's", "i'm", "i've", "i'd", "i'll", "they're", "they've", "that's", "you'll", "you're"];
const STOPWORDS = new Set([...eng, ...spa, ...CONTRACTIONS]);

/** The words of a sentence left after removing stopwords (English and Spanish lists of the `stopword` package). */
export function contentWords(sentence: string): string[] {
  return words(sentence).filter((word) => !STOPWORDS.has(word));
}

/**
 * A sentence is low-information when, once stopwords are gone, it holds only
 * verdict words and at most one other word, the thing judged: "Good strings",
 * "Great product.", "Love it!", "Five stars", "Very good strings". A sentence
 * with no verdict word ("Stays in tune") or with two or more words beyond its
 * verdict ("Great tone for the price") says something and is informative.
 */
export function isLowInformation(sentence: string): boolean {
  const content = contentWords(sentence);
  const rest = content.filter((word) => !VERDICT_WORDS.has(word));
  return rest.length === 0 || (rest.length === 1 && rest.length < content.length);
}
