import type { ScoredReview } from '@review-search/shared';
import { cosine } from '../similarity.service';

/** Two results whose dense vectors are at least this similar say the same thing: one is folded into the other. */
export const DUPLICATE_COSINE = 0.97;

/** The reviews folded into a result: how many, and their ids, best ranked first. */
export interface Duplicates {
  count: number;
  ids: string[];
}

export type FoldedReview = ScoredReview & { duplicates?: Duplicates };

/** A review's text as compared for folding: case, accents' forms, punctuation and runs of whitespace set aside. */
export function normalisedText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Folds near-identical reviews of a ranking into the best-ranked one, which
 * stays where it was and carries the others as `duplicates`. Near-identical
 * to a result: the same normalised text as it or as a review already folded
 * into it, or a dense vector at least `DUPLICATE_COSINE` similar to one of
 * those (so a rewording folds in even when the model reads the kept review's
 * case or punctuation apart). Results without a vector are compared by text only.
 */
export function foldDuplicates(ranked: readonly ScoredReview[]): FoldedReview[] {
  const kept: FoldedReview[] = [];
  const groupOfText = new Map<string, FoldedReview>();
  const members: { group: FoldedReview; vector: number[] }[] = [];
  for (const result of ranked) {
    const text = normalisedText(result.review.reviewText ?? '');
    const vector = result.vector;
    const group =
      groupOfText.get(text) ??
      (vector ? members.find((m) => cosine(vector, m.vector) >= DUPLICATE_COSINE)?.group : undefined);
    if (group) {
      group.duplicates ??= { count: 0, ids: [] };
      group.duplicates.count += 1;
      group.duplicates.ids.push(result.id);
    }
    const into = group ?? { ...result };
    if (!group) kept.push(into);
    if (!groupOfText.has(text)) groupOfText.set(text, into);
    if (vector) members.push({ group: into, vector });
  }
  return kept;
}
