import type { ActivationDecision, BuildCalibration, QualityScores, TitleQuery, VectorStore } from '@review-search/shared';

/** Calibrates builds and measures a build's default mode; the worker wires it to the store and the embedders. */
export interface BuildCalibrator {
  calibrate(collection: string, model: string): Promise<BuildCalibration>;
  /** The default mode of `collection` (any build, any model) on these title queries. */
  measure(collection: string, queries: readonly TitleQuery[]): Promise<QualityScores>;
}

/**
 * `activate: "if-better"`: the new build goes live only if its default mode's
 * MRR@10 on its held-out title queries is at least the live build's on the
 * same queries. No live build: it goes live. No queries to measure on: it does not.
 */
export async function decideActivation(
  store: VectorStore,
  calibrator: BuildCalibrator,
  alias: string,
  collection: string,
  build: BuildCalibration,
): Promise<ActivationDecision> {
  const live = (await store.aliasTarget(alias)) ?? null;
  const buildMrr = build.calibration.heldOut?.hybrid.mrrAt10 ?? null;
  const queries = build.heldOut.length;
  const decision = (activated: boolean, liveMrr: number | null, reason: string): ActivationDecision => ({
    activated,
    winner: activated ? collection : live ?? collection,
    live,
    queries,
    buildMrrAt10: buildMrr,
    liveMrrAt10: liveMrr,
    margin: buildMrr !== null && liveMrr !== null ? round(buildMrr - liveMrr) : null,
    reason,
  });
  if (live === null || live === collection) return decision(true, null, live === null ? `no build was live as '${alias}'` : 'already live');
  if (buildMrr === null) {
    return decision(false, null, `the build has no held-out title queries to measure on (${build.calibration.reason}); '${live}' stays live`);
  }
  const liveMrr = (await calibrator.measure(live, build.heldOut)).mrrAt10;
  const verdict = `MRR@10 of the default mode on ${queries} held-out title queries: ${buildMrr} for the build, ${liveMrr} for '${live}'`;
  return buildMrr >= liveMrr
    ? decision(true, liveMrr, `${verdict}: at least as good, so it goes live`)
    : decision(false, liveMrr, `${verdict}: worse, so '${live}' stays live`);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/**
 * Points `alias` at the build as a compare-and-set on the order of builds:
 * only if the live collection went live with a stamp older than this build's
 * start (a build that started later, or a manual activation made while this
 * one ran, wins over it). The build's start becomes its activation stamp.
 */
export async function activateBuild(
  store: VectorStore,
  alias: string,
  collection: string,
  startedAt: number,
): Promise<{ activated: true } | { activated: false; reason: string }> {
  const live = await store.aliasTarget(alias);
  if (live && live !== collection) {
    const liveStamp = (await store.describeCollection(live))?.build?.activatedAt ?? 0;
    if (liveStamp > startedAt) {
      return {
        activated: false,
        reason:
          `'${alias}' was pointed at '${live}' (at ${new Date(liveStamp).toISOString()}) after this build started ` +
          `(${new Date(startedAt).toISOString()}): '${live}' stays live; activate this build by hand to override`,
      };
    }
  }
  await store.recordBuild(collection, { activatedAt: startedAt });
  await store.switchAlias(alias, collection);
  return { activated: true };
}
