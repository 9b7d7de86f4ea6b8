import { createReviewSearchClient } from './client';

/** A fetch that records the requests it is given and answers each with `answer`. */
function recordingFetch(answer: (request: Request, init?: RequestInit) => Promise<Response>) {
  const requests: Request[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const request = input as Request;
    requests.push(request);
    return answer(request, init);
  };
  return { fetch, requests };
}

describe('createReviewSearchClient', () => {
  it('sends the API key as X-API-Key, with the given headers, on every route', async () => {
    const { fetch, requests } = recordingFetch(async () => Response.json({ status: 'ok' }));
    const client = createReviewSearchClient({ baseUrl: 'http://reviews.test/', apiKey: 'k'.repeat(16), fetch, headers: { 'X-Request-Id': 'r-1' } });
    await client.GET('/healthz');
    await client.POST('/search', { body: { query: 'warm tone' } });
    expect(requests.map((r) => [r.method, r.url, r.headers.get('x-api-key'), r.headers.get('x-request-id')])).toEqual([
      ['GET', 'http://reviews.test/healthz', 'k'.repeat(16), 'r-1'],
      ['POST', 'http://reviews.test/search', 'k'.repeat(16), 'r-1'],
    ]);
    expect(await requests[1]!.json()).toEqual({ query: 'warm tone' });
  });

  it('sends no X-API-Key without a key', async () => {
    const { fetch, requests } = recordingFetch(async () => Response.json({ status: 'ok' }));
    await createReviewSearchClient({ baseUrl: 'http://reviews.test', fetch }).GET('/healthz');
    expect(requests[0]!.headers.has('x-api-key')).toBe(false);
  });

  it('aborts a request that takes longer than timeoutMs', async () => {
    const { fetch } = recordingFetch(
      (_request, init) =>
        new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason))),
    );
    const client = createReviewSearchClient({ baseUrl: 'http://reviews.test', fetch, timeoutMs: 50 });
    const started = Date.now();
    await expect(client.GET('/healthz')).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
