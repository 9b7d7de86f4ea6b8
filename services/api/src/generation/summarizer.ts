import type { ScoredReview } from '@review-search/shared';

export interface Summary {
  summary: string;
  /** Ids of the reviews the summary draws on. */
  citations: string[];
}

/** Summarises retrieved reviews: a generative model with a grounded prompt, or the extractive picker. */
export interface Summarizer {
  readonly model: string;
  summarize(query: string, reviews: readonly ScoredReview[], maxNewTokens: number): Promise<Summary>;
}
