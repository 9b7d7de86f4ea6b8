import type { ScoredReview } from '@review-search/shared';
import { foldDuplicates, type FoldedReview } from './collapse';
import { diversify } from './diversify';

/** The reviews maximal marginal relevance picks from: the nearest this many (or the page, if more). */
export const DIVERSITY_CANDIDATES = 100;
/** Folding looks at most at this many ranked reviews, fetched with their vectors. */
export const FOLD_CANDIDATES = 1_000;
/** Pages ending past this rank are answered unfolded (`collapsed: false`): folding them would read too much. */
export const FOLD_DEPTH = 500;

export interface PageRequest {
  limit: number;
  offset?: number;
  /** 0 (by relevance alone, the default) to 1. */
  diversity?: number;
  /** Fold near-identical reviews into the best-ranked one. Default: no. */
  collapse?: boolean;
}

/** One ranking, as the store answers it for these options. */
export type Ranking = (options: {
  limit: number;
  offset: number;
  diversity: number;
  diversityCandidates: number;
  withVectors: boolean;
}) => Promise<ScoredReview[]>;

export interface Page {
  results: FoldedReview[];
  /** Whether near-identical reviews were folded. */
  collapsed: boolean;
}

/**
 * A page of a ranking, reordered for diversity and with near-identical
 * reviews folded when asked. The store reorders dense rankings itself
 * (Qdrant's MMR, `storeDiversifies`); other rankings are reordered here over
 * their first `DIVERSITY_CANDIDATES`. Folding reads the ranking from the top,
 * more of it while too few distinct reviews fill the page, up to
 * `FOLD_CANDIDATES`, so pages stay consistent: `offset` counts folded results.
 */
export async function rankedPage(rank: Ranking, request: PageRequest, storeDiversifies: boolean): Promise<Page> {
  const offset = request.offset ?? 0;
  const diversity = request.diversity ?? 0;
  const wanted = offset + request.limit;
  const collapse = (request.collapse ?? false) && wanted <= FOLD_DEPTH;
  const diversityCandidates = Math.max(wanted, DIVERSITY_CANDIDATES);
  if (!collapse && diversity === 0) {
    return { results: await rank({ limit: request.limit, offset, diversity, diversityCandidates, withVectors: false }), collapsed: false };
  }
  const top = async (n: number): Promise<ScoredReview[]> => {
    if (diversity === 0 || storeDiversifies) return rank({ limit: n, offset: 0, diversity, diversityCandidates: Math.max(n, diversityCandidates), withVectors: collapse });
    const candidates = await rank({ limit: Math.max(n, diversityCandidates), offset: 0, diversity: 0, diversityCandidates, withVectors: true });
    return diversify(candidates, diversity, n);
  };
  if (!collapse) return { results: withoutVectors((await top(wanted)).slice(offset)), collapsed: false };
  for (let n = Math.min(FOLD_CANDIDATES, 2 * wanted + 10); ; n = Math.min(FOLD_CANDIDATES, n * 4)) {
    const ranked = await top(n);
    const folded = foldDuplicates(ranked);
    if (folded.length >= wanted || ranked.length < n || n >= FOLD_CANDIDATES) {
      return { results: withoutVectors(folded.slice(offset, wanted)), collapsed: true };
    }
  }
}

function withoutVectors<T extends ScoredReview>(results: T[]): T[] {
  return results.map(({ vector: _vector, ...result }) => result as T);
}
