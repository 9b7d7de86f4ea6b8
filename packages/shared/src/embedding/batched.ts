import { withRetries } from '../retry';

/** Embeds texts `size` at a time, each request retried with backoff on 429, 5xx and timeouts. */
export function batched(size: number, embedOnce: (texts: string[]) => Promise<number[][]>) {
  return async (texts: readonly string[]): Promise<number[][]> => {
    const out: number[][] = [];
    for (let start = 0; start < texts.length; start += size) {
      out.push(...(await withRetries(() => embedOnce(texts.slice(start, start + size)))));
    }
    return out;
  };
}
