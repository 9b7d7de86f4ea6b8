import type { FusionWeights } from '../search/fusion';
import { DEFAULT_FUSION, EQUAL_RRF, type QualityScores, type SearchCalibration } from './search-calibration';
import { denseOnly, fusedBy, qualityOf, sparseOnly, type QueryLists } from './title-search';

const SHARES = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

/** The fusions calibration tries: RRF with w_sparse 0 to 1 (w_dense = 1 - w_sparse) and k in {2, 10, 30, 60}, and min-max convex mixes. */
export const FUSION_GRID: readonly FusionWeights[] = [
  ...[2, 10, 30, 60].flatMap((k) => SHARES.map((sparse) => ({ method: 'rrf' as const, dense: round(1 - sparse), sparse, k }))),
  ...SHARES.map((sparse) => ({ method: 'convex' as const, dense: round(1 - sparse), sparse, k: 0 })),
];

/** Fewer title queries than this and a build keeps the default fusion. */
export const MIN_CALIBRATION_QUERIES = 10;

/**
 * Chooses the fusion with the best MRR@10 on the first half of the queries
 * (ties: the earlier in the grid) and measures every mode on the second half.
 * If the choice measures below the better single list there, the build uses
 * that list alone (its weight 1, the other's 0): the default mode never
 * measures below the best single mode on the held-out queries.
 */
export function calibrateFusion(lists: readonly QueryLists[], seed: number, now = new Date()): SearchCalibration {
  const half = Math.ceil(lists.length / 2);
  const tuning = lists.slice(0, half);
  const heldOut = lists.slice(half);
  const queries = { tuning: tuning.length, heldOut: heldOut.length, seed };
  if (lists.length < MIN_CALIBRATION_QUERIES) {
    const reason = `${lists.length} usable title queries (at least ${MIN_CALIBRATION_QUERIES} needed): default fusion`;
    return { weights: DEFAULT_FUSION, source: 'default', reason, queries, heldOut: null, calibratedAt: now.toISOString() };
  }
  let best = FUSION_GRID[0]!;
  let bestMrr = -1;
  for (const weights of FUSION_GRID) {
    const mrr = qualityOf(tuning, fusedBy(weights)).mrrAt10;
    if (mrr > bestMrr) [best, bestMrr] = [weights, mrr];
  }
  const dense = qualityOf(heldOut, denseOnly);
  const sparse = qualityOf(heldOut, sparseOnly);
  const single: [string, QualityScores, FusionWeights] =
    sparse.mrrAt10 >= dense.mrrAt10
      ? ['sparse', sparse, { method: 'rrf', dense: 0, sparse: 1, k: 60 }]
      : ['dense', dense, { method: 'rrf', dense: 1, sparse: 0, k: 60 }];
  let weights = best;
  let reason = `best MRR@10 on ${tuning.length} tuning queries (${bestMrr.toFixed(3)}) of ${FUSION_GRID.length} fusions`;
  if (qualityOf(heldOut, fusedBy(best)).mrrAt10 < single[1].mrrAt10) {
    weights = single[2];
    reason += `; measured below ${single[0]} alone on the held-out queries, so ${single[0]} alone`;
  }
  return {
    weights,
    source: 'calibrated',
    reason,
    queries,
    heldOut: { dense, sparse, hybridEqual: qualityOf(heldOut, fusedBy(EQUAL_RRF)), hybrid: qualityOf(heldOut, fusedBy(weights)) },
    calibratedAt: now.toISOString(),
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
