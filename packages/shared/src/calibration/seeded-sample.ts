import seedrandom from 'seedrandom';

/** `size` items picked without replacement by a seeded partial Fisher-Yates shuffle. */
export function seededSample<T>(items: readonly T[], size: number, seed: number): T[] {
  const random = seedrandom(`review-search:${seed}`);
  const pool = [...items];
  const count = Math.min(size, pool.length);
  for (let i = 0; i < count; i += 1) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count);
}
