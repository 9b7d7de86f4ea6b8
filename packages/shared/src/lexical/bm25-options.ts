import { z } from 'zod';

/** Qdrant's own BM25: the server turns a review's text (and a query's) into the sparse vector. */
export const BM25_MODEL = 'qdrant/bm25';

/**
 * How Qdrant's BM25 reads a text: English words (split at anything that is
 * not a letter or digit), folded to ASCII, lower-cased, English stopwords
 * out, Snowball-stemmed ("tuning" and "tuned" are one term); `k` and `b` are
 * BM25's usual constants and `avg_len` the mean length of a review in those
 * terms, measured when the build was made. A build records them; its reviews
 * and every query to it use the recorded ones.
 */
export const bm25OptionsSchema = z.object({
  language: z.literal('english'),
  tokenizer: z.literal('word'),
  lowercase: z.literal(true),
  ascii_folding: z.literal(true),
  stopwords: z.literal('english'),
  stemmer: z.object({ type: z.literal('snowball'), language: z.literal('english') }),
  k: z.number().positive(),
  b: z.number().min(0).max(1),
  avg_len: z.number().positive(),
});

export type Bm25Options = z.infer<typeof bm25OptionsSchema>;

/** The options of a new build whose reviews are `avgLength` terms long on average. */
export function bm25Options(avgLength: number): Bm25Options {
  return {
    language: 'english',
    tokenizer: 'word',
    lowercase: true,
    ascii_folding: true,
    stopwords: 'english',
    stemmer: { type: 'snowball', language: 'english' },
    k: 1.2,
    b: 0.75,
    // A build with no words at all still needs a positive length.
    avg_len: Math.max(1, Math.round(avgLength * 100) / 100),
  };
}

/** What a build recorded, when it is a valid set of BM25 options. */
export function readBm25Options(value: unknown): Bm25Options | undefined {
  const parsed = bm25OptionsSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** The text as Qdrant's BM25 document: the sparse vector of a review when stored, of a query when searched. */
export function bm25Document(text: string, options: Bm25Options): { text: string; model: string; options: Bm25Options } {
  return { text, model: BM25_MODEL, options };
}
