import { parse } from 'csv-parse/sync';
import { XMLParser } from 'fast-xml-parser';
import { loadEmbedder } from '@review-search/shared';
import { searchQuality } from '../../services/api/src/eval/search-quality';
import { titleQueries } from '../../services/api/src/eval/title-queries';
import { startTestStack, testEnv, type TestStack } from '../support/stack';

/** Reviews, similar reviews, similarity, filters, projection and export on a slice of the real corpus. */
describe('exploring the vector space (first 300 rows of the corpus, use-lite)', () => {
  let stack: TestStack;
  let ids: string[];

  beforeAll(async () => {
    stack = await startTestStack();
    const accepted = await stack.post('/ingest', { activate: true, source: testEnv('CORPUS'), limit: 300 });
    const status = await stack.waitForIngest(accepted.body.jobId);
    expect(status.state).toBe('completed');
    ids = (await stack.store.listIds(stack.config.collection)).sort();
  });
  afterAll(async () => {
    await stack.close();
  });

  describe('GET /reviews/:id', () => {
    it('answers the stored review', async () => {
      const response = await stack.get(`/reviews/${ids[0]}`);
      expect(response.status).toBe(200);
      expect(response.body.id).toBe(ids[0]);
      expect(typeof response.body.review.reviewText).toBe('string');
    });

    it('answers 404 for an unknown id and 400 for something that is not an id', async () => {
      const unknown = await stack.get('/reviews/00000000-0000-4000-8000-000000000000');
      expect(unknown.status).toBe(404);
      expect(unknown.body.error).toMatch(/no review '00000000-0000-4000-8000-000000000000'/);
      const malformed = await stack.get('/reviews/not-an-id');
      expect(malformed.status).toBe(400);
      expect(malformed.body.error).toMatch(/path\.id: must be a review id/);
    });
  });

  describe('GET /reviews/:id/similar', () => {
    it('never returns the review itself, and orders by score', async () => {
      for (const id of ids.slice(0, 10)) {
        const response = await stack.get(`/reviews/${id}/similar?limit=5`);
        expect(response.status).toBe(200);
        expect(response.body.review.id).toBe(id);
        const results: { id: string; score: number }[] = response.body.results;
        expect(results).toHaveLength(5);
        expect(results.map((r) => r.id)).not.toContain(id);
        const scores = results.map((r) => r.score);
        expect([...scores].sort((a, b) => b - a)).toEqual(scores);
      }
    });

    it('applies filters, and answers 404 for an unknown review', async () => {
      const response = await stack.get(`/reviews/${ids[3]}/similar?limit=10&minRating=5`);
      expect(response.body.results.length).toBeGreaterThan(0);
      for (const r of response.body.results) expect(r.review.overall).toBe(5);
      expect((await stack.get('/reviews/00000000-0000-4000-8000-000000000000/similar')).status).toBe(404);
    });
  });

  describe('POST /similarity', () => {
    it('a text with itself is 1 within float error, with a reading in plain words', async () => {
      const text = 'These strings stay in tune and sound bright.';
      const response = await stack.post('/similarity', { a: { text }, b: { text } });
      expect(response.status).toBe(200);
      expect(response.body.similarity).toBeCloseTo(1, 5);
      // Above every sampled pair, said with the count: one decimal used to print "Higher than 100%" for any pair near the top.
      expect(response.body.reading).toMatch(/^1\.000: near-identical in meaning\. Higher than every one of the 19,900 random pairs of reviews in 'test-/);
      expect(response.body.scale.near1).toMatch(/same thing/);
      expect(response.body.scale.near0).toMatch(/no shared meaning/);
      expect(response.body.a).toEqual({ id: null, text });
    });

    it('a stored review against its own text is 1; two different reviews are less, read against random pairs', async () => {
      const [first] = await stack.store.getReviews(stack.config.collection, [ids[0]!]);
      const self = await stack.post('/similarity', { a: { id: ids[0] }, b: { text: first!.review.reviewText } });
      expect(self.body.similarity).toBeCloseTo(1, 4);
      expect(self.body.a).toEqual({ id: ids[0], text: first!.review.reviewText });

      const pair = await stack.post('/similarity', { a: { id: ids[0] }, b: { id: ids[1] } });
      expect(pair.status).toBe(200);
      expect(pair.body.similarity).toBeLessThan(0.999);
      expect(pair.body.similarity).toBeGreaterThan(-1);
      expect(pair.body.baseline.pairs).toBe((200 * 199) / 2);
      expect(pair.body.baseline.median).toBeLessThan(pair.body.baseline.p90);
      expect(pair.body.reading).toMatch(/random pairs of reviews in 'test-/);
    });

    it('answers 404 for an unknown id and 400 for a side that is neither id nor text', async () => {
      expect((await stack.post('/similarity', { a: { id: '00000000-0000-4000-8000-000000000000' }, b: { text: 'x' } })).status).toBe(404);
      expect((await stack.post('/similarity', { a: { name: 'x' }, b: { text: 'x' } })).status).toBe(400);
    });
  });

  describe('POST /search with filters, threshold and offset', () => {
    const query = 'good cable for the price';

    it.each([
      [{ minRating: 4 }, (r: any) => r.overall >= 4],
      [{ maxRating: 2 }, (r: any) => r.overall <= 2],
      [{ minRating: 3, maxRating: 3 }, (r: any) => r.overall === 3],
      [{ minLength: 500 }, (r: any) => r.textLength >= 500],
      [{ maxLength: 100 }, (r: any) => r.textLength <= 100],
    ])('filter %j excludes what it must', async (filter, keep) => {
      // Dense, where the unfiltered top 50 holds reviews each filter excludes (hybrid's filters: 'filters apply in every mode').
      const unfiltered = await stack.post('/search', { query, limit: 50, mode: 'dense' });
      expect(unfiltered.body.results.some((r: any) => !keep(r.review))).toBe(true);
      const response = await stack.post('/search', { query, limit: 50, mode: 'dense', ...filter });
      expect(response.status).toBe(200);
      expect(response.body.results.length).toBeGreaterThan(0);
      for (const r of response.body.results) expect(keep(r.review)).toBe(true);
    });

    it('asin keeps one product', async () => {
      const [first] = await stack.store.getReviews(stack.config.collection, [ids[0]!]);
      const asin = first!.review.asin;
      const response = await stack.post('/search', { query, limit: 100, asin });
      expect(response.body.results.length).toBeGreaterThan(0);
      for (const r of response.body.results) expect(r.review.asin).toBe(asin);
    });

    it('scoreThreshold drops weaker results and offset pages', async () => {
      const all = (await stack.post('/search', { query, limit: 10 })).body.results;
      const threshold = (all[4].score + all[5].score) / 2;
      const strong = (await stack.post('/search', { query, limit: 10, scoreThreshold: threshold })).body.results;
      expect(strong.map((r: any) => r.id)).toEqual(all.slice(0, 5).map((r: any) => r.id));
      const page = (await stack.post('/search', { query, limit: 5, offset: 3 })).body.results;
      expect(page.map((r: any) => r.id)).toEqual(all.slice(3, 8).map((r: any) => r.id));
    });

    it('refuses a minimum above its maximum', async () => {
      const response = await stack.post('/search', { query, minRating: 5, maxRating: 2 });
      expect(response.status).toBe(400);
      expect(response.body.error).toMatch(/body\.minRating: must not be above maxRating/);
    });

    it('the filtered fields have Qdrant payload indexes', async () => {
      const info = (await (await fetch(`${stack.config.qdrant.url}/collections/${stack.config.collection}`)).json()) as any;
      const schema = info.result.payload_schema;
      expect(schema).toMatchObject({ overall: { data_type: 'float' }, textLength: { data_type: 'integer' }, asin: { data_type: 'keyword' } });
    });
  });

  describe('POST /search modes: dense, sparse (BM25) and hybrid (RRF)', () => {
    it('sparse finds reviews by their words: every result holds a query term, the rare one first', async () => {
      const response = await stack.post('/search', { query: 'Tascam recorder', limit: 5, mode: 'sparse' });
      expect(response.status).toBe(200);
      expect(response.body.results.length).toBeGreaterThan(0);
      expect(response.body.results[0].review.reviewText.toLowerCase()).toContain('tascam');
      for (const r of response.body.results) expect(r.review.reviewText.toLowerCase()).toMatch(/tascam|record/);
    });

    it('hybrid fuses both rankings: its results come from the dense or the sparse candidates', async () => {
      const query = 'cable that crackles';
      const [dense, sparse, hybrid] = await Promise.all(
        ['dense', 'sparse', 'hybrid'].map((mode) => stack.post('/search', { query, limit: 50, mode })),
      );
      const candidates = new Set([...dense!.body.results, ...sparse!.body.results].map((r: any) => r.id));
      const top = (await stack.post('/search', { query, limit: 5, mode: 'hybrid' })).body.results;
      expect(top).toHaveLength(5);
      for (const r of top) expect(candidates.has(r.id)).toBe(true);
      expect(hybrid!.body.results.map((r: any) => r.id)).not.toEqual(dense!.body.results.map((r: any) => r.id));
      const scores = top.map((r: any) => r.score);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    });

    it('filters apply in every mode', async () => {
      for (const mode of ['sparse', 'hybrid']) {
        const response = await stack.post('/search', { query: 'good cable', limit: 20, mode, minRating: 5 });
        expect(response.body.results.length).toBeGreaterThan(0);
        for (const r of response.body.results) expect(r.review.overall).toBe(5);
      }
    });
  });

  describe('search quality (pnpm eval) on the slice', () => {
    it('titles find their own reviews; hybrid is at least as good as the weaker of dense and sparse', async () => {
      const all = await titleQueries(testEnv('CORPUS'));
      const stored = new Set(ids);
      const queries = all.filter((q) => stored.has(q.relevant));
      expect(queries.length).toBeGreaterThan(100);
      const embedder = await loadEmbedder('use-lite', { cacheDir: '.cache/models' });
      const collection = (await stack.store.aliasTarget(stack.config.collection))!;
      const [dense, sparse, hybrid] = await Promise.all(
        (['dense', 'sparse', 'hybrid'] as const).map((mode) => searchQuality(stack.store, collection, 'use-lite', embedder, mode, queries)),
      );
      // The scores, computed again here from the ranks of each query's review in the store's own top 10
      // (the same embeddings: the same batches of 64, in order), with none of searchQuality's arithmetic.
      // Reviews of equal score (frequent in hybrid's rank fusion) may come in either order from one search to
      // the next, so each rank is known as a range, best to worst place among its ties, and so is each score.
      const vectors: number[][] = [];
      for (let start = 0; start < queries.length; start += 64) {
        vectors.push(...(await embedder.embed(queries.slice(start, start + 64).map((q) => q.query), 'query')));
      }
      const scoresOf = (ranks: number[]) => {
        let hitsAt1 = 0;
        let hitsAt10 = 0;
        let reciprocal = 0;
        for (const rank of ranks) {
          if (rank === 1) hitsAt1 += 1;
          if (rank >= 1) {
            hitsAt10 += 1;
            reciprocal += 1 / rank;
          }
        }
        return { recallAt1: hitsAt1 / ranks.length, recallAt10: hitsAt10 / ranks.length, mrrAt10: reciprocal / ranks.length };
      };
      const byHand = async (mode: 'dense' | 'sparse' | 'hybrid') => {
        const best: number[] = [];
        const worst: number[] = [];
        for (const [i, q] of queries.entries()) {
          const search = mode === 'sparse' ? { mode, text: q.query } : mode === 'hybrid' ? { mode, vector: vectors[i]!, text: q.query } : { mode, vector: vectors[i]! };
          const found = await stack.store.searchReviews(collection, 'use-lite', search, { limit: 10 });
          const at = found.findIndex((r) => r.id === q.relevant);
          if (at >= 0) {
            const score = found[at]!.score;
            best.push(found.filter((r) => r.score > score).length + 1);
            // Ties with the 10th may run past the top 10: at worst it falls out.
            const tiedToLast = found.length === 10 && found[9]!.score === score;
            worst.push(tiedToLast ? 0 : found.filter((r) => r.score >= score).length);
          } else {
            // Not in this top 10; in another order of the ties at the 10th place it could be 10th.
            const tiedAtLast = found.length === 10 && found.filter((r) => r.score === found[9]!.score).length > 1;
            best.push(tiedAtLast ? found.findIndex((r) => r.score === found[9]!.score) + 1 : 0);
            worst.push(0);
          }
        }
        return { best: scoresOf(best), worst: scoresOf(worst) };
      };
      for (const [mode, s] of [['dense', dense!], ['sparse', sparse!], ['hybrid', hybrid!]] as const) {
        expect(s.queries).toBe(queries.length);
        const { best, worst } = await byHand(mode);
        // searchQuality rounds to 3 decimals.
        for (const metric of ['recallAt1', 'recallAt10', 'mrrAt10'] as const) {
          const within = s[metric] >= worst[metric] - 0.0005 - 1e-9 && s[metric] <= best[metric] + 0.0005 + 1e-9;
          expect({ mode, metric, value: s[metric], within }).toEqual({ mode, metric, value: s[metric], within: true });
        }
        if (mode !== 'hybrid') {
          // Dense and sparse scores seldom tie: there the range is (nearly) one value.
          expect(best.recallAt1 - worst.recallAt1).toBeLessThanOrEqual(0.02);
        }
        expect(s.recallAt10).toBeGreaterThan(0.3);
      }
      expect(hybrid!.recallAt10).toBeGreaterThanOrEqual(Math.min(dense!.recallAt10, sparse!.recallAt10));
    });
  });

  describe('GET /projection and /projection.svg', () => {
    it.each(['pca', 'tsne', 'umap'])('%s returns `sample` points, the same for the same seed', async (method) => {
      const first = await stack.get(`/projection?method=${method}&sample=60&seed=7`);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ method, sample: 60, seed: 7, model: 'use-lite' });
      expect(first.body.points).toHaveLength(60);
      for (const p of first.body.points) {
        expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
        expect(p.lengthClass).toBe(p.textLength > first.body.lengthSplit ? 'long' : 'short');
      }
      // Computed again by a second API (its own cache) over the same collection: the same coordinates.
      const fresh = await startTestStack(stack.config, { workers: false });
      try {
        const again = await fresh.get(`/projection?method=${method}&sample=60&seed=7`);
        expect(again.body.points).toEqual(first.body.points);
      } finally {
        await fresh.close();
      }
      const other = await stack.get(`/projection?method=${method}&sample=60&seed=8`);
      expect(other.body.points.map((p: any) => p.id)).not.toEqual(first.body.points.map((p: any) => p.id));
    });

    it('splits short and long at the median unless lengthSplit is given', async () => {
      const byMedian = (await stack.get('/projection?sample=100&seed=3')).body;
      const short = byMedian.points.filter((p: any) => p.lengthClass === 'short').length;
      expect(short).toBeGreaterThanOrEqual(50);
      expect(short).toBeLessThanOrEqual(51);
      const fixed = (await stack.get('/projection?sample=100&seed=3&lengthSplit=1000')).body;
      expect(fixed.lengthSplit).toBe(1000);
      for (const p of fixed.points) expect(p.lengthClass).toBe(p.textLength > 1000 ? 'long' : 'short');
    });

    it('the SVG parses and has one mark per point, a title and a legend', async () => {
      const response = await fetch(`${stack.baseUrl}/projection.svg?method=pca&sample=80&seed=5`);
      expect(response.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
      const svg = await response.text();
      const parsed = new XMLParser({ ignoreAttributes: false }).parse(svg);
      const marks = [parsed.svg.g].flat().flatMap((g: any) => [g.circle ?? []].flat()).filter((c: any) => c['@_class'] === 'review-point');
      expect(marks).toHaveLength(80);
      expect(parsed.svg.title['#text'] ?? parsed.svg.title).toMatch(/^PCA of 80 reviews in 'test-.*coloured by length$/);
      expect(svg).toMatch(/short \(≤ \d+ chars\)/);
      expect(svg).toMatch(/long \(&gt; \d+ chars\)/);
    });

    it('refuses an unknown method and a t-SNE sample too large to compute quickly', async () => {
      const response = await stack.get('/projection?method=mds');
      expect(response.status).toBe(400);
      expect(response.body.error).toMatch(/query\.method/);
      const tooLarge = await stack.get('/projection?method=tsne&sample=2001');
      expect(tooLarge.status).toBe(400);
      expect(tooLarge.body.error).toMatch(/query\.sample: must be at most 2000 for t-SNE/);
    });
  });

  describe('GET /collections/:name/export', () => {
    it('CSV rows round-trip: fields and every embedding value', async () => {
      const response = await fetch(`${stack.baseUrl}/collections/${stack.config.collection}/export?format=csv&limit=20`);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-embedding-model')).toBe('use-lite');
      const rows: Record<string, string>[] = parse(await response.text(), { columns: true });
      expect(rows).toHaveLength(20);
      expect(Object.keys(rows[0]!)).toEqual(expect.arrayContaining(['id', 'reviewText', 'overall', 'e0', 'e511']));
      const stored = await stack.store.getReviews(stack.config.collection, rows.map((r) => r.id!), { withVector: 'use-lite' });
      const byId = new Map(stored.map((s) => [s.id, s]));
      for (const row of rows) {
        const original = byId.get(row.id!)!;
        expect(row.reviewText).toBe(original.review.reviewText);
        expect(Number(row.overall)).toBe(original.review.overall);
        const vector = Array.from({ length: 512 }, (_, i) => Number(row[`e${i}`]));
        expect(vector).toEqual(original.vector);
      }
    });

    it('JSONL lines round-trip, and limit is honoured', async () => {
      const response = await fetch(`${stack.baseUrl}/collections/${stack.config.collection}/export?format=jsonl&limit=7`);
      const lines = (await response.text()).trim().split('\n').map((line) => JSON.parse(line));
      expect(lines).toHaveLength(7);
      const stored = await stack.store.getReviews(stack.config.collection, lines.map((l) => l.id), { withVector: 'use-lite' });
      for (const line of lines) {
        const original = stored.find((s) => s.id === line.id)!;
        const { id, embedding, ...review } = line;
        expect(review).toEqual(original.review);
        expect(embedding).toEqual(original.vector);
        expect(id).toBe(original.id);
      }
    });

    it('answers 404 for an unknown build of the alias, and 403 for a collection that is not the alias\'s', async () => {
      const unknown = await stack.get(`/collections/${stack.config.collection}--use-lite--20000101-000000-0000/export`);
      expect(unknown.status).toBe(404);
      const foreign = await stack.get('/collections/no-such-collection/export');
      expect(foreign.status).toBe(403);
      expect(foreign.body.error).toBe(`'no-such-collection' is not alias '${stack.config.collection}' or one of its builds: only those are exported here`);
    });
  });
});
