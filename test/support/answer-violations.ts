import { setTimeout as sleep } from 'node:timers/promises';
import type { ApiAnswer } from './documented-answers';

/** How long the end of a test waits for answers still being read before it takes the list. */
const READ_WAIT_MS = 10_000;
const PATH_SHOWN = 120;

/** Violations since the list was last taken, each with how often it was seen. */
let current = new Map<string, number>();
const pending = new Set<Promise<void>>();

/** The checker, loaded with the first answer (so test files that never start the API do not load the document). */
let checker: Promise<typeof import('./documented-answers')> | undefined;

/**
 * Checks an answer of the API against the OpenAPI document, in the background,
 * and records what does not fit, with the request's method and path. `answer`
 * may still be arriving (its body being read); one that never completes (the
 * test aborted it) is not checked.
 */
export function recordApiAnswer(answer: ApiAnswer | Promise<ApiAnswer>): void {
  const into = current;
  // Loaded now, while the test runs: the body may finish arriving after the test file's environment is gone.
  const loaded = (checker ??= import('./documented-answers'));
  const check = (async () => {
    let received: ApiAnswer;
    try {
      received = await answer;
    } catch {
      return;
    }
    const where = (path: string) => `${received.method.toUpperCase()} ${path.slice(0, PATH_SHOWN)} -> ${received.status}`;
    try {
      const { answerViolations, pathOf } = await loaded;
      for (const problem of answerViolations(received)) count(into, `${where(pathOf(received.url))}: ${problem}`);
    } catch (error) {
      count(into, `${where(received.url)}: the answer could not be checked: ${(error as Error).message}`);
    }
  })();
  pending.add(check);
  void check.finally(() => pending.delete(check));
}

function count(violations: Map<string, number>, violation: string): void {
  violations.set(violation, (violations.get(violation) ?? 0) + 1);
}

/** The violations recorded since the last call (once the answers being read are checked), and a fresh list. */
export async function takeViolations(): Promise<string[]> {
  const waited = new AbortController();
  await Promise.race([
    Promise.allSettled([...pending]),
    sleep(READ_WAIT_MS, undefined, { signal: waited.signal }).catch(() => undefined),
  ]);
  waited.abort();
  const taken = current;
  current = new Map();
  return [...taken].map(([violation, times]) => (times > 1 ? `${violation} (${times} times)` : violation));
}
