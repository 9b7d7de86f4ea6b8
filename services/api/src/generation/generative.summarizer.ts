import type { Generator, ScoredReview } from '@review-search/shared';
import { assertFitsContext } from './context-window';
import { foldRepeats, type FoldedReview } from './review-folding';
import type { Summarizer } from './summarizer';

/** The embeddings of the reviews' texts, in order (stored ones where the collection has them). */
export type ReviewVectors = (reviews: readonly ScoredReview[]) => Promise<number[][]>;

const INSTRUCTION =
  'You summarise product reviews for a shopper. Use only the numbered reviews given. ' +
  'Write a few sentences on what the reviewers agree on and where they differ, and cite reviews by number like [2].';
/** Tokens kept free beside the reviews for the instruction, the query and the chat template. */
const OVERHEAD_TOKENS = 96;
const MAX_REVIEW_CHARS = 1200;

/**
 * A generative model summarises the retrieved reviews with a prompt grounded
 * in them: reviews that repeat a better-ranked one are folded into it (the
 * prompt says how many more say the same), then the rest are numbered and
 * added best first while they fit the model's context (minus the tokens to
 * write); the ones that fit are cited.
 */
export function generativeSummarizer(generator: Generator, vectorsOf: ReviewVectors): Summarizer {
  return {
    model: generator.model,
    async summarize(query, reviews, maxNewTokens) {
      const folded = foldRepeats(reviews, await vectorsOf(reviews));
      const { prompt, used } = groundedPrompt(generator, query, folded, maxNewTokens);
      assertFitsContext(generator, `${INSTRUCTION}\n\n${prompt}`, maxNewTokens, 'the query with its instruction');
      const generation = await generator.generate({
        system: INSTRUCTION,
        prompt,
        maxNewTokens,
        temperature: 0,
      });
      return { summary: generation.text.trim(), citations: used.map((review) => review.id), themes: null };
    },
  };
}

export function groundedPrompt(generator: Generator, query: string, reviews: readonly FoldedReview[], maxNewTokens: number) {
  const budget = generator.contextTokens - maxNewTokens - OVERHEAD_TOKENS - generator.countTokens(INSTRUCTION + query);
  const used: ScoredReview[] = [];
  const blocks: string[] = [];
  let tokens = 0;
  for (const { review, repeats } of reviews) {
    const text = review.review.reviewText.slice(0, MAX_REVIEW_CHARS);
    const alike = repeats.length === 0 ? '' : `; ${repeats.length} more ${repeats.length === 1 ? 'review says' : 'reviews say'} the same`;
    const block = `[${used.length + 1}] (${review.review.overall ?? '?'} stars${alike}) ${review.review.summary}: ${text}`;
    const cost = generator.countTokens(block) + 2;
    if (tokens + cost > budget) break;
    used.push(review);
    blocks.push(block);
    tokens += cost;
  }
  const prompt = generator.instructed
    ? `Shopper's question: ${query}\n\nReviews:\n${blocks.join('\n')}\n\nSummary:`
    : `Reviews about "${query}":\n${blocks.join('\n')}\n\nIn short, the reviewers say that`;
  return { prompt, used };
}
