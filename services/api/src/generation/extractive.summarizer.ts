import type { Embedder } from '@review-search/shared';
import { EXTRACTIVE_MODEL } from '@review-search/shared';
import { cosine } from '../similarity.service';
import { sentences, words } from './text-signals';
import type { Summarizer } from './summarizer';

/** Weight of relevance against novelty in maximal marginal relevance. */
const LAMBDA = 0.7;
const MIN_WORDS = 2;
const MAX_SENTENCE_CHARS = 400;

/**
 * Offline, model-free summary: the sentences of the retrieved reviews that are
 * most central (close to the query and to all the other sentences) and not
 * redundant with those already picked (MMR), each cited with its review, in
 * as many words as `maxNewTokens` allows.
 */
export function extractiveSummarizer(embedder: Embedder): Summarizer {
  return {
    model: EXTRACTIVE_MODEL,
    async summarize(query, reviews, maxNewTokens) {
      const candidates = reviews.flatMap((review, reviewIndex) =>
        sentences(review.review.reviewText)
          .filter((sentence) => words(sentence).length >= MIN_WORDS && sentence.length <= MAX_SENTENCE_CHARS)
          .map((sentence) => ({ sentence, reviewIndex })),
      );
      if (candidates.length === 0) return { summary: '', citations: [] };
      const [queryVector] = await embedder.embed([query], 'query');
      const vectors = await embedder.embed(candidates.map((c) => c.sentence));
      const centroid = mean(vectors);
      const relevance = vectors.map((v) => 0.5 * cosine(v, queryVector!) + 0.5 * cosine(v, centroid));
      const budget = Math.max(MIN_WORDS, Math.floor(maxNewTokens * 0.75));
      const picked: number[] = [];
      let used = 0;
      while (picked.length < candidates.length) {
        let best = -1;
        let bestScore = Number.NEGATIVE_INFINITY;
        for (let i = 0; i < candidates.length; i += 1) {
          if (picked.includes(i)) continue;
          const redundancy = picked.length ? Math.max(...picked.map((j) => cosine(vectors[i]!, vectors[j]!))) : 0;
          const score = LAMBDA * relevance[i]! - (1 - LAMBDA) * redundancy;
          if (score > bestScore) [best, bestScore] = [i, score];
        }
        const length = words(candidates[best]!.sentence).length;
        if (picked.length > 0 && used + length > budget) break;
        picked.push(best);
        used += length;
      }
      // Read in the order of the reviews (by rank), each sentence cited.
      picked.sort((a, b) => candidates[a]!.reviewIndex - candidates[b]!.reviewIndex || a - b);
      const citations = [...new Set(picked.map((i) => reviews[candidates[i]!.reviewIndex]!.id))];
      const summary = picked
        .map((i) => `${candidates[i]!.sentence} [${citations.indexOf(reviews[candidates[i]!.reviewIndex]!.id) + 1}]`)
        .join(' ');
      return { summary, citations };
    },
  };
}

function mean(vectors: number[][]): number[] {
  const out = new Array<number>(vectors[0]!.length).fill(0);
  for (const v of vectors) for (let i = 0; i < v.length; i += 1) out[i]! += v[i]! / vectors.length;
  return out;
}
