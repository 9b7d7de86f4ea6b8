import path from 'node:path';
import { Piscina } from 'piscina';
import { BusyError, UpstreamTimeoutError } from '@review-search/shared';
import type { ProjectionMethod } from './projection-methods';

export interface ProjectionTask {
  method: ProjectionMethod;
  vectors: number[][];
  seed: number;
}

export interface ProjectionPoolStats {
  /** Projection threads alive now, and the most alive at once since start. */
  threads: number;
  peakThreads: number;
  /** Projections admitted (sampling, waiting for a thread or running). */
  inFlight: number;
  /** Projections refused with 503 because the pool was full. */
  refused: number;
  /** Projections the threads finished computing. */
  completed: number;
}

export interface ProjectionPool {
  /** A place for one projection, or BusyError past `threads + queueMax`; call the returned function when it is done. */
  reserve(): () => void;
  /** The 2D coordinates, computed in a pool thread; stopped when `signal` aborts or after the timeout. */
  run(task: ProjectionTask, signal: AbortSignal): Promise<[number, number][]>;
  stats(): ProjectionPoolStats;
  /** Stops the threads (running projections are aborted). */
  close(): Promise<void>;
}

export interface ProjectionPoolOptions {
  threads: number;
  queueMax: number;
  timeoutMs: number;
}

/** Threads are started on demand and stopped after this long idle, so an idle API holds none. */
const IDLE_MS = 30_000;

/**
 * The projection threads (piscina): at most `threads` at once, at most
 * `queueMax` projections waiting, each stopped (its thread terminated) after
 * `timeoutMs` or when its caller goes away.
 */
export function projectionPool({ threads, queueMax, timeoutMs }: ProjectionPoolOptions): ProjectionPool {
  let alive = 0;
  let peakThreads = 0;
  let inFlight = 0;
  let refused = 0;
  // Made at the first projection: an API that never projects holds no pool (nor its handles) at all.
  let made: Piscina<ProjectionTask, [number, number][]> | undefined;
  const pool = () => {
    if (made) return made;
    made = new Piscina<ProjectionTask, [number, number][]>({
      filename: path.join(__dirname, 'projection.worker.js'),
      minThreads: 0,
      maxThreads: threads,
      maxQueue: queueMax,
      idleTimeout: IDLE_MS,
    });
    made.on('workerCreate', () => {
      alive += 1;
      peakThreads = Math.max(peakThreads, alive);
    });
    made.on('workerDestroy', () => {
      alive -= 1;
    });
    return made;
  };
  const capacity = threads + queueMax;

  return {
    reserve() {
      if (inFlight >= capacity) {
        refused += 1;
        throw new BusyError(
          `the projection pool is full (${threads} running, ${queueMax} waiting): try again shortly, or ask for a view already computed`,
          retryAfter(made?.histogram.runTime.average ?? Number.NaN, queueMax, threads),
        );
      }
      inFlight += 1;
      let released = false;
      return () => {
        if (!released) inFlight -= 1;
        released = true;
      };
    },
    async run(task, signal) {
      const timeout = AbortSignal.timeout(timeoutMs);
      try {
        return await pool().run(task, { signal: AbortSignal.any([signal, timeout]) });
      } catch (error) {
        if (timeout.aborted && !signal.aborted) {
          throw new UpstreamTimeoutError(
            `the projection took longer than ${timeoutMs} ms (PROJECTION_TIMEOUT_MS) and was stopped: ask for a smaller sample, or PCA`,
            { timeoutMs },
          );
        }
        throw error;
      }
    },
    stats: () => ({ threads: alive, peakThreads, inFlight, refused, completed: made?.completed ?? 0 }),
    close: async () => {
      await made?.destroy();
      made = undefined;
    },
  };
}

/** Seconds until a place is likely free: the waiting projections' turn at the recent average run time. */
function retryAfter(averageMs: number, queued: number, threads: number): number {
  const perProjection = Number.isFinite(averageMs) && averageMs > 0 ? averageMs : 1000;
  return Math.max(1, Math.min(60, Math.ceil((perProjection * (queued / threads + 1)) / 1000)));
}
