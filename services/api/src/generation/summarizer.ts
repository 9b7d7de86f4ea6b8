import type { z } from 'zod';
import type { ScoredReview } from '@review-search/shared';
import type { summaryTheme } from '../answers/summaries';

/** One thing the reviews say: a sentence that stands for the theme, and the reviews that say it. */
export type SummaryTheme = z.output<typeof summaryTheme>;

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
