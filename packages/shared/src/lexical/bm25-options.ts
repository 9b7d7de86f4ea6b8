import { z } from 'zod';

/** Qdrant's own BM25: the server turns a review's text (and a query's) into the sparse vector. */
export const BM25_MODEL = 'qdrant/bm25';

/**
 * How Qdrant's BM25 reads a text (Qdrant's own option names). New builds use
 * `bm25Options`; a build is read with whatever options it recorded, so these
 * accept any that Qdrant takes.
 */
export const bm25OptionsSchema = z
  .object({
    language: z.string().min(1).optional(),
    tokenizer: z.enum(['word', 'whitespace', 'prefix', 'multilingual']).optional(),
    lowercase: z.boolean().optional(),
    ascii_folding: z.boolean().optional(),
    stopwords: z.union([z.string().min(1), z.object({ languages: z.array(z.string()).optional(), custom: z.array(z.string()).optional() })]).optional(),
    stemmer: z.object({ type: z.literal('snowball'), language: z.string().min(1) }).optional(),
    min_token_len: z.number().int().positive().optional(),
    max_token_len: z.number().int().positive().optional(),
    k: z.number().positive(),
    b: z.number().min(0).max(1),
    avg_len: z.number().positive(),
  })
  .strict();

export type Bm25Options = z.infer<typeof bm25OptionsSchema>;

/**
 * The options of a new build whose reviews are `avgLength` terms long on
 * average: English words (split at anything that is not a letter or digit),
 * folded to ASCII, lower-cased, English stopwords out, Snowball-stemmed
 * ("tuning" and "tuned" are one term); `k` and `b` are BM25's usual constants.
 */
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
  return { text: wellFormed(text), model: BM25_MODEL, options };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The text with each lone surrogate read as U+FFFD: a JavaScript string may
 * hold one, JSON escapes it, and Qdrant's JSON parser refuses the request.
 */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}
