import { z } from 'zod';
import type { FusionWeights } from '../search/fusion';

/** Recall@1, recall@10 and MRR@10 over a set of title queries. */
export interface QualityScores {
  queries: number;
  recallAt1: number;
  recallAt10: number;
  mrrAt10: number;
}

/**
 * A build's hybrid fusion, chosen by measurement and stored with the build
 * (in its collection's metadata): the weights the search uses by default and
 * how each mode did on the held-out half of the build's title queries.
 */
export interface SearchCalibration {
  weights: FusionWeights;
  /** `calibrated`: chosen on the build's own titles; `default`: no titles to measure on (see `reason`). */
  source: 'calibrated' | 'default';
  reason: string;
  /** Title queries drawn (seeded) from the build: half chose the weights, half measured them. */
  queries: { tuning: number; heldOut: number; seed: number };
  /** Held-out figures per mode; null for a default. `hybrid` is the chosen fusion, `hybridEqual` RRF with equal weights, k = 2. */
  heldOut: { dense: QualityScores; sparse: QualityScores; hybridEqual: QualityScores; hybrid: QualityScores } | null;
  calibratedAt: string;
}

/** The fusion of a build with nothing to calibrate on: standard RRF (k = 60), both lists weighted equally. */
export const DEFAULT_FUSION: FusionWeights = { method: 'rrf', dense: 0.5, sparse: 0.5, k: 60 };

/** Equal-weight RRF as Qdrant runs it by default (k = 2): the baseline calibration has to beat. */
export const EQUAL_RRF: FusionWeights = { method: 'rrf', dense: 0.5, sparse: 0.5, k: 2 };

/** The key of the calibration in a collection's metadata. */
export const CALIBRATION_KEY = 'searchCalibration';

const scores = z.object({ queries: z.number(), recallAt1: z.number(), recallAt10: z.number(), mrrAt10: z.number() });
/** A calibration as stored (and as `GET /collections` shows it). */
export const searchCalibrationSchema = z.object({
  weights: z.object({ method: z.enum(['rrf', 'convex']), dense: z.number().min(0), sparse: z.number().min(0), k: z.number().min(0) }),
  source: z.enum(['calibrated', 'default']),
  reason: z.string(),
  queries: z.object({ tuning: z.number(), heldOut: z.number(), seed: z.number() }),
  heldOut: z.object({ dense: scores, sparse: scores, hybridEqual: scores, hybrid: scores }).nullable(),
  calibratedAt: z.string(),
});

/** The calibration stored in a collection's metadata, if there is a well-formed one. */
export function readCalibration(metadata: unknown): SearchCalibration | undefined {
  const stored = (metadata as Record<string, unknown> | null | undefined)?.[CALIBRATION_KEY];
  const parsed = searchCalibrationSchema.safeParse(stored);
  return parsed.success ? parsed.data : undefined;
}
