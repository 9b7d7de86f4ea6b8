import type { ScoredReview } from '@review-search/shared';

/** One thing the reviews say: a sentence that stands for the theme, and the reviews that say it. */
export interface SummaryTheme {
  /** A sentence copied from one of `reviews`: the most central and query-relevant of the theme. */
  sentence: string;
  /** Ids of the retrieved reviews with a sentence in the theme, in retrieval order. */
  reviews: string[];
  count: number;
  /** Mean star rating of those reviews (the ones that have one); null when none has. */
  meanRating: number | null;
}

export interface Summary {
  summary: string;
  /** Ids of the reviews the summary draws on; `[n]` in the summary cites the n-th. */
  citations: string[];
  /** The extractive summary's themes, most supported first; null for a generative model's prose. */
  themes: SummaryTheme[] | null;
}

/** Summarises retrieved reviews: a generative model with a grounded prompt, or the extractive picker. */
export interface Summarizer {
  readonly model: string;
  summarize(query: string, reviews: readonly ScoredReview[], maxNewTokens: number): Promise<Summary>;
}
