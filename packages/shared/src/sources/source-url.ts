import http from 'node:http';
import type { Readable } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import { errorMessage, ReviewSearchError } from '../errors';
import { literalAddress, refusedAddressMessage, refusedAddressRange, type SourceAddressRules } from './source-address';
import type { SourceBudget } from './source-budget';
import { IngestSourceError, SourceRefusedError, SourceUnavailableError } from './source-error';

/** Redirects followed from a source URL; one more fails the ingest. */
export const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export interface UrlResponse {
  body: Readable;
  /** Content-Length, when the body is sent as is. */
  length?: number;
  /** The URL that answered, as messages show it. */
  name: string;
}

/**
 * GETs a source URL through `dispatcher` (which checks the address of every
 * connection it opens), following redirects here rather than in the client so
 * each hop is checked: http(s) only, its host's address allowed, at most
 * `MAX_REDIRECTS`. A 408, 429 or 5xx may pass (`SourceUnavailableError`);
 * another failing status, or an HTML page, will not (`IngestSourceError`).
 */
export async function getSourceUrl(
  url: string,
  options: { dispatcher: Dispatcher; rules: SourceAddressRules; budget: SourceBudget; signal: AbortSignal },
): Promise<UrlResponse> {
  let current = new URL(url);
  for (let redirects = 0; ; redirects += 1) {
    checkHop(current, options.rules);
    const name = describeUrl(current);
    options.budget.name = name;
    const response = await answer(current, name, options);
    // Whoever reads the body sees its errors; a body destroyed unread (a redirect, a refusal) must not throw.
    response.body.on('error', () => undefined);
    const location = response.headers.location;
    if (REDIRECT_STATUSES.has(response.statusCode) && typeof location === 'string') {
      response.body.destroy();
      if (redirects === MAX_REDIRECTS) throw new IngestSourceError(`${describeUrl(new URL(url))} redirects more than ${MAX_REDIRECTS} times`);
      current = new URL(location, current);
      continue;
    }
    if (response.statusCode < 200 || response.statusCode >= 300) {
      response.body.destroy();
      const message = `GET ${name} answered ${response.statusCode} ${http.STATUS_CODES[response.statusCode] ?? ''}`.trim();
      const status = response.statusCode;
      throw status === 408 || status === 429 || status >= 500 ? new SourceUnavailableError(message) : new IngestSourceError(message);
    }
    const contentType = header(response.headers['content-type']);
    if (/text\/html/i.test(contentType)) {
      response.body.destroy();
      throw new IngestSourceError(`${name} serves an HTML page (${contentType}), not a CSV file`);
    }
    const length = Number(header(response.headers['content-length']));
    const encoded = header(response.headers['content-encoding']);
    return { body: response.body, length: Number.isFinite(length) && length > 0 && !encoded ? length : undefined, name };
  }
}

/** A hop's scheme, and its host when given as an address (a name is checked where the connection is made). */
function checkHop(url: URL, rules: SourceAddressRules): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SourceRefusedError(`the source redirects to a ${url.protocol} URL: sources are http(s) only`);
  }
  const address = literalAddress(url.hostname);
  const range = address === undefined ? undefined : refusedAddressRange(address, rules);
  if (range) throw new SourceRefusedError(refusedAddressMessage(url.hostname, range));
}

async function answer(url: URL, name: string, options: { dispatcher: Dispatcher; budget: SourceBudget; signal: AbortSignal }) {
  try {
    return await options.budget.wait(request(url, { dispatcher: options.dispatcher, signal: options.signal, method: 'GET' }), 'no answer');
  } catch (error) {
    if (error instanceof ReviewSearchError) throw error;
    throw new SourceUnavailableError(`cannot fetch ${name}: ${describeCause(error)}`, undefined, { cause: error });
  }
}

function header(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** A URL as messages show it: no credentials, no query (it may hold a signature or a token). */
export function describeUrl(url: URL): string {
  return `${url.origin}${url.pathname}${url.search ? '?…' : ''}`;
}

export function describeCause(error: unknown): string {
  const cause = typeof error === 'object' && error !== null ? ((error as { cause?: unknown }).cause as { code?: string; message?: string } | undefined) : undefined;
  return cause?.message || cause?.code || errorMessage(error);
}
