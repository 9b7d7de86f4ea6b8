import autocannon from 'autocannon';
import { isApiOrigin } from './api-origins';
import { recordApiAnswer } from './answer-violations';

const WARMUP_ROUND_REQUESTS = 500;
const WARMUP_MAX_ROUNDS = 20;

export interface SustainedLoadFigures {
  connections: number;
  seconds: number;
  /** Requests of the warm-up, which ran until the memory's peak stopped rising. */
  warmupRequests: number;
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Connection errors, timeouts (60 s) and answers other than 2xx, with the first few of those answers (warm-up included); failures during the warm-up. */
  errors: { connection: number; timeouts: number; non2xx: number; answers: string[]; warmup: number };
  /**
   * The API's resident memory in MiB, sampled every 500 ms: the highest the
   * warm-up reached (its plateau), the highest during the run, and at its end.
   * Peaks, not single samples: the heap saws up and down with garbage
   * collection (a cycle can outlast a 20 s window when requests are slow),
   * and a leak lifts the peaks above the plateau.
   */
  rss: { warmupPeak: number; runPeak: number; end: number };
  /** (runPeak − warmupPeak) / warmupPeak. */
  rssGrowth: number;
}

/**
 * `POST /search` with distinct queries (each request the next one) at
 * `connections` for `seconds`, after a warm-up under the same load; the API's
 * memory is sampled every 500 ms. Under a test, each answer is checked against
 * the API's OpenAPI document (identical violations are counted, not repeated).
 */
export async function sustainedSearchLoad(options: {
  baseUrl: string;
  queries: readonly string[];
  connections: number;
  seconds: number;
  rssMiB(): number;
}): Promise<SustainedLoadFigures> {
  let next = 0;
  const answers: string[] = [];
  const checked = isApiOrigin(options.baseUrl);
  const run = (length: { duration: number } | { amount: number }) =>
    autocannon({
      url: options.baseUrl,
      connections: options.connections,
      ...length,
      // Generous: this counts failures, not slowness (latency is reported as p50/p99).
      timeout: 60,
      requests: [
        {
          method: 'POST',
          path: '/search',
          headers: { 'content-type': 'application/json' },
          setupRequest: (request) => ({ ...request, body: JSON.stringify({ query: options.queries[next++ % options.queries.length], limit: 10 }) }),
          onResponse: (status, body, _context, headers) => {
            if ((status < 200 || status >= 300) && answers.length < 5) answers.push(`${status} ${body.slice(0, 300)}`);
            if (checked) recordApiAnswer({ method: 'POST', url: '/search', status, contentType: headerOf(headers, 'content-type'), body });
          },
        },
      ],
    });
  // Warm-up: rounds of 500 requests under the same load, at least three, until the memory's
  // peak stops rising (it climbs for a few thousand requests while V8 sizes its heap), at most ten.
  let warmupRequests = 0;
  let warmupFailures = 0;
  let previousPeak = 0;
  let warmupPeak = 0;
  for (let round = 1; round <= WARMUP_MAX_ROUNDS; round += 1) {
    let result: autocannon.Result | undefined;
    const peak = await peakDuring(async () => (result = await run({ amount: WARMUP_ROUND_REQUESTS })), options.rssMiB);
    warmupFailures += result!.errors + result!.non2xx;
    warmupRequests += result!.requests.total;
    warmupPeak = Math.max(warmupPeak, peak);
    if (round >= 3 && peak <= previousPeak * 1.02) break;
    previousPeak = Math.max(previousPeak, peak);
  }
  let measured: autocannon.Result | undefined;
  const runPeak = await peakDuring(async () => (measured = await run({ duration: options.seconds })), options.rssMiB);
  const result = measured!;
  const end = options.rssMiB();
  const tenth = (x: number) => Math.round(x * 10) / 10;
  return {
    connections: options.connections,
    seconds: options.seconds,
    warmupRequests,
    requests: result.requests.total,
    requestsPerSecond: tenth(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: { connection: result.errors - result.timeouts, timeouts: result.timeouts, non2xx: result.non2xx, answers, warmup: warmupFailures },
    rss: { warmupPeak: tenth(warmupPeak), runPeak: tenth(runPeak), end: tenth(end) },
    rssGrowth: Math.round(((runPeak - warmupPeak) / warmupPeak) * 1000) / 1000,
  };
}

/** A header of an answer autocannon read (its names as the server wrote them). */
function headerOf(headers: Record<string, unknown> | undefined, name: string): string {
  const found = Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1];
  return found === undefined ? '' : String(found);
}

/** The highest memory seen (sampled every 500 ms) while `work` runs. */
async function peakDuring(work: () => Promise<unknown>, rssMiB: () => number): Promise<number> {
  let peak = rssMiB();
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB())), 500);
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  return Math.max(peak, rssMiB());
}
