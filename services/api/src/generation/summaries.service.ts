import type { z } from 'zod';
import {
  EXTRACTIVE_MODEL,
  errorMessage,
  modelOptions,
  loadGenerator,
  ReviewSearchError,
  type Config,
  type Embedder,
  type Logger,
  type ScoredReview,
  type VectorStore,
} from '@review-search/shared';
import type { CollectionModels } from '../collection-models';
import { elapsedMs, searchReviews } from '../search.service';
import { cosine } from '../similarity.service';
import { extractiveSummarizer, SUPPORT_NOTE } from './extractive.summarizer';
import { generativeSummarizer } from './generative.summarizer';
import type { Summarizer } from './summarizer';
import { sentences, words } from './text-signals';
import type { summaryAnswer, summaryComparisonAnswer } from '../answers/summaries';

/** A summary sentence counts as supported when some retrieved sentence is at least this similar. */
export const FAITHFULNESS_THRESHOLD = 0.75;

export interface SummaryRequest {
  query: string;
  limit: number;
  maxNewTokens: number;
  diversity?: number;
}

export function summaries(deps: { store: VectorStore; models: CollectionModels; config: Config; collection: string; log: Logger }) {
  const { collection } = deps;

  async function summarizerFor(model: string): Promise<Summarizer> {
    if (model === EXTRACTIVE_MODEL) return extractiveSummarizer(await liveEmbedder());
    return generativeSummarizer(await loadGenerator(model, modelOptions(deps.config, 'api')), reviewVectors);
  }

  /** The reviews' stored text embeddings; any the collection lacks are embedded now. */
  async function reviewVectors(reviews: readonly ScoredReview[]): Promise<number[][]> {
    const { collection: name, model } = await deps.models.resolve(collection);
    const stored = await deps.store.getReviews(name, reviews.map((r) => r.id), { withVector: model });
    const byId = new Map(stored.map((s) => [s.id, s.vector]));
    const missing = reviews.filter((r) => !byId.get(r.id)?.length);
    if (missing.length > 0) {
      const embedded = await (await deps.models.embedder(model)).embed(missing.map((r) => r.review.reviewText));
      missing.forEach((r, i) => byId.set(r.id, embedded[i]!));
    }
    return reviews.map((r) => byId.get(r.id)!);
  }

  async function liveEmbedder(): Promise<Embedder> {
    return deps.models.embedder((await deps.models.resolve(collection)).model);
  }

  async function retrieve(request: SummaryRequest): Promise<ScoredReview[]> {
    const { results } = await searchReviews(deps, { collection, query: request.query, limit: request.limit, diversity: request.diversity });
    return results;
  }

  return {
    /** Searches, then summarises the top reviews with `model`. */
    async summarize(request: SummaryRequest & { model: string }): Promise<z.output<typeof summaryAnswer>> {
      const started = performance.now();
      const reviews = await retrieve(request);
      const summarizer = await summarizerFor(request.model);
      const { summary, citations, themes } = await summarizer.summarize(request.query, reviews, request.maxNewTokens);
      return {
        summary,
        citations,
        themes,
        coverage: coverage(citations, reviews),
        took_ms: elapsedMs(started),
        model: request.model,
        reviews: reviewList(reviews),
      };
    },

    /** The same retrieved reviews summarised by each model, side by side, each with time, length and faithfulness. */
    async compare(request: SummaryRequest & { models: string[] }): Promise<z.output<typeof summaryComparisonAnswer>> {
      const started = performance.now();
      const reviews = await retrieve(request);
      const embedder = await liveEmbedder();
      const source = reviews.flatMap((r) => sentences(r.review.reviewText));
      const sourceVectors = await embedder.embed(source);
      const results: z.output<typeof summaryComparisonAnswer>['results'] = [];
      for (const model of request.models) {
        const cellStarted = performance.now();
        try {
          const summarizer = await summarizerFor(model);
          const { summary, citations, themes } = await summarizer.summarize(request.query, reviews, request.maxNewTokens);
          results.push({
            model,
            summary,
            citations,
            themes,
            coverage: coverage(citations, reviews),
            took_ms: elapsedMs(cellStarted),
            words: words(summary).length,
            faithfulness: await faithfulness(embedder, summary, sourceVectors),
            error: null,
          });
        } catch (error) {
          // A model's own failure is shown beside the others; an unexpected one is logged and named only as internal.
          const known = error instanceof ReviewSearchError && error.status !== 500;
          if (!known) deps.log.error({ err: error, model }, 'summary failed unexpectedly');
          const failure = known ? { status: error.status, message: errorMessage(error) } : { status: 500, message: 'internal error' };
          results.push({ model, summary: null, citations: [], themes: null, coverage: 0, took_ms: elapsedMs(cellStarted), words: 0, faithfulness: null, error: failure });
        }
      }
      return { query: request.query, reviews: reviewList(reviews), results, took_ms: elapsedMs(started) };
    },
  };
}

/**
 * Share of the summary's sentences whose closest retrieved sentence (by the
 * collection's embeddings) is at least `FAITHFULNESS_THRESHOLD` similar: a
 * cheap signal of how much of the summary the reviews support.
 */
async function faithfulness(embedder: Embedder, summary: string, sourceVectors: number[][]) {
  const claims = summary.replace(/\[\d+\]/g, '').split(SUPPORT_NOTE).flatMap((part) => sentences(part)).filter((s) => words(s).length >= 3);
  if (claims.length === 0 || sourceVectors.length === 0) {
    return { supported: null, threshold: FAITHFULNESS_THRESHOLD, sentences: [] as { sentence: string; best: number }[] };
  }
  const vectors = await embedder.embed(claims);
  const scored = claims.map((sentence, i) => ({
    sentence,
    best: Math.round(Math.max(...sourceVectors.map((v) => cosine(vectors[i]!, v))) * 1000) / 1000,
  }));
  const supported = scored.filter((s) => s.best >= FAITHFULNESS_THRESHOLD).length / scored.length;
  return { supported: Math.round(supported * 1000) / 1000, threshold: FAITHFULNESS_THRESHOLD, sentences: scored };
}

/** Share of the retrieved reviews the summary cites (0 to 1; 0 when nothing was retrieved). */
function coverage(citations: readonly string[], reviews: readonly ScoredReview[]): number {
  if (reviews.length === 0) return 0;
  const cited = reviews.filter((r) => citations.includes(r.id)).length;
  return Math.round((cited / reviews.length) * 1000) / 1000;
}

function reviewList(reviews: readonly ScoredReview[]) {
  return reviews.map((r) => ({ id: r.id, score: r.score, summary: r.review.summary, overall: r.review.overall }));
}
