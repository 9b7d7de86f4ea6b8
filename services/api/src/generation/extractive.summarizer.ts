import type { Embedder, ScoredReview } from '@review-search/shared';
import { EXTRACTIVE_MODEL } from '@review-search/shared';
import { cosine } from '../similarity.service';
import { centrality, groupIntoThemes, weightedMean } from './sentence-themes';
import { isLowInformation, normalised, sentences } from './text-signals';
import type { Summarizer, SummaryTheme } from './summarizer';

/** Longer sentences are run-ons (a missing space after a full stop) or rambles, too long to stand for a theme. */
const MAX_SENTENCE_CHARS = 300;
/** Two sentences of a summary are never this similar: one would repeat the other. */
export const NEAR_DUPLICATE_SIMILARITY = 0.9;
/** Themes in a summary at most, however many words `maxNewTokens` allows. */
const MAX_THEMES = 5;

/** A distinct sentence (by normalised text) and the retrieved reviews that hold it. */
interface Candidate {
  sentence: string;
  reviews: Set<number>;
}

interface Theme {
  /** Candidate indices, best representative first. */
  members: number[];
  reviews: number[];
  relevance: number;
}

/**
 * Offline, model-free summary: the retrieved reviews' sentences grouped into
 * themes by their embeddings, one representative sentence per theme (the most
 * central and query-relevant), with how many reviews say it and their mean
 * rating, most supported themes first, in as many words as `maxNewTokens`
 * allows. Verdict-only sentences ("Good strings", "Love it!") count only when
 * no review says anything more; no two sentences shown are near-duplicates.
 */
export function extractiveSummarizer(embedder: Embedder): Summarizer {
  return {
    model: EXTRACTIVE_MODEL,
    async summarize(query, reviews, maxNewTokens) {
      const all = distinctSentences(reviews);
      if (all.length === 0) return { summary: '', citations: [], themes: [] };
      const [queryVector] = await embedder.embed([query], 'query');
      const allVectors = await embedder.embed(all.map((c) => c.sentence));
      // What every sentence shares, each counted as often as reviews hold it ("Good strings" six times).
      const centre = weightedMean(allVectors, all.map((c) => c.reviews.size));
      const informative = all.flatMap((c, i) => (isLowInformation(c.sentence) ? [] : [i]));
      const pool = informative.length > 0 ? informative : all.map((_, i) => i);
      const candidates = pool.map((i) => all[i]!);
      const vectors = pool.map((i) => allVectors[i]!);
      const themes = groupIntoThemes(vectors, centre).map((members) => rankTheme(members, candidates, vectors, queryVector!));
      themes.sort((a, b) => b.reviews.length - a.reviews.length || b.relevance - a.relevance);

      const budget = Math.max(1, Math.floor(maxNewTokens * 0.75));
      let citations: string[] = [];
      const shown: { theme: SummaryTheme; text: string; vector: number[] }[] = [];
      let used = 0;
      for (const theme of themes) {
        if (shown.length === MAX_THEMES) break;
        const ids = theme.reviews.map((r) => reviews[r]!.id);
        const cited = [...citations, ...ids.filter((id) => !citations.includes(id))];
        const rating = meanRating(reviews, theme.reviews);
        const numbers = ids.map((id) => cited.indexOf(id) + 1).sort((a, b) => a - b);
        const tail = `${numbers.map((n) => `[${n}]`).join('')} (${support(ids.length, rating)})`;
        // The best member that fits what is left and repeats nothing shown; the first theme is always shown.
        const fresh = theme.members.filter((m) => shown.every((s) => cosine(vectors[m]!, s.vector) < NEAR_DUPLICATE_SIMILARITY));
        const fits = (m: number) => used + wordCount(`${candidates[m]!.sentence} ${tail}`) <= budget;
        const pick = fresh.find(fits) ?? (shown.length === 0 ? fresh[0] : undefined);
        if (pick === undefined) continue;
        const { sentence } = candidates[pick]!;
        const text = `${sentence} ${tail}`;
        used += wordCount(text);
        citations = cited;
        shown.push({ theme: { sentence, reviews: ids, count: ids.length, meanRating: rating }, text, vector: vectors[pick]! });
      }
      return { summary: shown.map((s) => s.text).join(' '), citations, themes: shown.map((s) => s.theme) };
    },
  };
}

/** Every sentence of the reviews once: sentences with the same normalised text are one, held by all their reviews. */
function distinctSentences(reviews: readonly ScoredReview[]): Candidate[] {
  const byText = new Map<string, Candidate>();
  reviews.forEach((review, index) => {
    for (const sentence of sentences(review.review.reviewText)) {
      const key = normalised(sentence);
      if (key === '' || sentence.length > MAX_SENTENCE_CHARS) continue;
      const known = byText.get(key);
      if (known) known.reviews.add(index);
      else byText.set(key, { sentence, reviews: new Set([index]) });
    }
  });
  return [...byText.values()];
}

/**
 * A theme's members, best representative first: half how central a member is
 * in its theme, half how close it is to the query. The theme's relevance is its
 * representative's score; its reviews are those of all its members.
 */
function rankTheme(members: number[], candidates: readonly Candidate[], vectors: readonly number[][], query: readonly number[]): Theme {
  const central = centrality(vectors, members);
  const scores = new Map(members.map((m, i) => [m, 0.5 * central[i]! + 0.5 * cosine(vectors[m]!, query)]));
  const ranked = [...members].sort((a, b) => scores.get(b)! - scores.get(a)! || a - b);
  const reviews = [...new Set(members.flatMap((m) => [...candidates[m]!.reviews]))].sort((a, b) => a - b);
  return { members: ranked, reviews, relevance: scores.get(ranked[0]!)! };
}

function meanRating(reviews: readonly ScoredReview[], indices: readonly number[]): number | null {
  const ratings = indices.map((i) => reviews[i]!.review.overall).filter((r): r is number => r !== null);
  if (ratings.length === 0) return null;
  return Math.round((ratings.reduce((a, b) => a + b, 0) / ratings.length) * 100) / 100;
}

/** The note after a theme's citations, "(3 reviews, mean 4.5 stars)": what it matches is not a claim of the reviews. */
export const SUPPORT_NOTE = /\(\d+ reviews?(?:, mean [\d.]+ stars)?\)/;

function support(count: number, rating: number | null): string {
  const said = `${count} ${count === 1 ? 'review' : 'reviews'}`;
  return rating === null ? said : `${said}, mean ${rating} stars`;
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => w !== '').length;
}
