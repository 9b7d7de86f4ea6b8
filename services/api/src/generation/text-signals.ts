/** Signals a reader would look for in generated text, measured. */

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
