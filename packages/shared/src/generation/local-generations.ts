import { BusyError } from '../errors';

/**
 * Local (transformers.js) generations of this process: one runs at a time, at
 * most `queueMax` wait behind it, and past that a request is refused with a
 * `BusyError` (503, Retry-After) instead of queueing without bound. Running one
 * at a time also makes a seeded generation reproducible: the seed of the
 * library's random generator is process-wide, and nothing else samples between
 * seeding it and the end of the generation.
 */
export class LocalGenerations {
  private running = false;
  /** When the running generation must end (its deadline), for Retry-After. */
  private runningUntil = 0;
  private readonly waiting: (() => void)[] = [];

  /** Generations waiting now. */
  get waitingCount(): number {
    return this.waiting.length;
  }

  get busy(): boolean {
    return this.running;
  }

  /** Runs `work` when no other local generation runs; `timeoutMs` is how long it may take. */
  async run<T>(work: () => Promise<T>, options: { queueMax: number; timeoutMs: number }): Promise<T> {
    if (this.running) {
      if (this.waiting.length >= options.queueMax) {
        const retryAfter = Math.max(1, Math.ceil((this.runningUntil - Date.now()) / 1000));
        throw new BusyError(
          `local generation is busy (one running, ${this.waiting.length} waiting, GENERATION_QUEUE_MAX ${options.queueMax}): try again later`,
          retryAfter,
        );
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.running = true;
    this.runningUntil = Date.now() + options.timeoutMs;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running = false;
    }
  }
}

/** The local generations of this process. */
export const localGenerations = new LocalGenerations();
