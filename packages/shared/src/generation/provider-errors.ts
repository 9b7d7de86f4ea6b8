/**
 * Whether a failed call to a provider ran out of time: a timeout or an abort
 * somewhere along the error's cause chain, whatever the client wrapped it in.
 * The only signals these calls carry are timeouts, so an abort is one.
 */
export function isTimeout(error: unknown): boolean {
  // Duck-typed: errors from fetch may come from another realm than our Error.
  let current = error as { name?: unknown; message?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth += 1) {
    if (['TimeoutError', 'AbortError', 'APIConnectionTimeoutError'].includes(String(current.name))) return true;
    if (/timed out|aborted due to timeout/i.test(String(current.message ?? ''))) return true;
    current = current.cause as typeof current;
  }
  return false;
}

export function firstLine(text: string): string {
  return text.split('\n')[0]!.slice(0, 300);
}
