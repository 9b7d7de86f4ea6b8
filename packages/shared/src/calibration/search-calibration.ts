import { z } from 'zod';
import type { FusionWeights } from '../search/fusion';

const qualityScoresSchema = z
  .object({ queries: z.number(), recallAt1: z.number(), recallAt10: z.number(), mrrAt10: z.number() })
  .describe('Recall@1, recall@10 and MRR@10 over a set of title queries.');
/** Recall@1, recall@10 and MRR@10 over a set of title queries. */
export type QualityScores = z.output<typeof qualityScoresSchema>;

/**
 * A build's hybrid fusion, chosen by measurement and stored with the build
 * (in its collection's metadata): the weights the search uses by default and
 * how each mode did on the held-out half of the build's title queries. Read
 * back from the metadata with this schema; `GET /collections` shows it.
 */
export const searchCalibrationSchema = z.object({
  weights: z.object({ method: z.enum(['rrf', 'convex']), dense: z.number().min(0), sparse: z.number().min(0), k: z.number().min(0) }),
  source: z.enum(['calibrated', 'default']).describe("`calibrated`: chosen on the build's own titles; `default`: no titles to measure on (see `reason`)."),
  reason: z.string(),
  queries: z
    .object({ tuning: z.number(), heldOut: z.number(), seed: z.number() })
    .describe('Title queries drawn (seeded) from the build: half chose the weights, half measured them.'),
  heldOut: z
    .object({ dense: qualityScoresSchema, sparse: qualityScoresSchema, hybridEqual: qualityScoresSchema, hybrid: qualityScoresSchema })
    .nullable()
    .describe('Held-out figures per mode; null for a default. `hybrid` is the chosen fusion, `hybridEqual` RRF with equal weights, k = 2.'),
  calibratedAt: z.string(),
});
export type SearchCalibration = z.output<typeof searchCalibrationSchema>;

/** The fusion of a build with nothing to calibrate on: standard RRF (k = 60), both lists weighted equally. */
export const DEFAULT_FUSION: FusionWeights = { method: 'rrf', dense: 0.5, sparse: 0.5, k: 60 };

/** Equal-weight RRF as Qdrant runs it by default (k = 2): the baseline calibration has to beat. */
export const EQUAL_RRF: FusionWeights = { method: 'rrf', dense: 0.5, sparse: 0.5, k: 2 };

/** The key of the calibration in a collection's metadata. */
export const CALIBRATION_KEY = 'searchCalibration';

/** The calibration stored in a collection's metadata, if there is a well-formed one. */
export function readCalibration(metadata: unknown): SearchCalibration | undefined {
  const stored = (metadata as Record<string, unknown> | null | undefined)?.[CALIBRATION_KEY];
  const parsed = searchCalibrationSchema.safeParse(stored);
  return parsed.success ? parsed.data : undefined;
}
