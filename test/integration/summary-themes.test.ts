import { loadEmbedder, type Embedder } from '@review-search/shared';
import { CSV_HEADER, writeTempFile } from '../support/fixtures';
import { startProviderServer, type ProviderServer } from '../support/provider-server';
import { startTestStack, testConfig, type TestStack } from '../support/stack';

/** Reviews of one set of strings, written here: what most say (tuning), then tone, price, and verdicts alone. */
const REVIEWS = [
  { id: 'T1', rating: 5, text: 'Good strings. They stay in tune for weeks, even after heavy bending.' },
  { id: 'T2', rating: 4, text: 'Good strings. These hold their tuning through a whole gig without drifting.' },
  { id: 'T3', rating: 5, text: 'Good strings. Once stretched they keep their pitch for days.' },
  { id: 'T4', rating: 3, text: 'Good strings. The tuning stays stable even when the room gets hot.' },
  { id: 'T5', rating: 2, text: 'Good strings. They stay in tune for weeks, even after heavy bending!' },
  { id: 'V1', rating: 3, text: 'Good strings.' },
  { id: 'V2', rating: 5, text: 'Good strings!' },
  { id: 'S1', rating: 4, text: 'The tone is warm and bright, with plenty of sustain on my acoustic.' },
  { id: 'S2', rating: 5, text: 'They sound bright and shimmering, a lovely warm tone.' },
  { id: 'P1', rating: 2, text: 'At this price you cannot beat them; a pack costs less than a coffee.' },
];
const TUNING = ['T1', 'T2', 'T3', 'T4', 'T5'];
const QUERY = 'strings that stay in tune';

const normalise = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}' ]+/gu, ' ').replace(/\s+/g, ' ').trim();
const dot = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);

describe('summaries on reviews written for the test', () => {
  let provider: ProviderServer;
  let stack: TestStack;
  let embedder: Embedder;
  /** Point id -> the review written above. */
  const byId = new Map<string, (typeof REVIEWS)[number]>();

  beforeAll(async () => {
    provider = await startProviderServer();
    stack = await startTestStack(
      testConfig({
        GENERATION_MODEL: 'extractive',
        GENERATION_MODELS: 'extractive,openai:gpt-test',
        OPENAI_API_KEY: 'sk-test-key-for-the-local-provider',
        OPENAI_BASE_URL: `${provider.url}/v1`,
      }),
    );
    const rows = REVIEWS.map((r) => `R-${r.id},B-STRINGS,Player ${r.id},"[0, 0]","${r.text}",${r.rating}.0,Strings,1393545600,"02 28, 2014"`);
    const accepted = await stack.post('/ingest', { source: writeTempFile('strings.csv', [CSV_HEADER, ...rows].join('\n') + '\n') });
    expect((await stack.waitForIngest(accepted.body.jobId)).state).toBe('completed');
    embedder = await loadEmbedder('use-lite', { cacheDir: '.cache/models' });
  });
  afterAll(async () => {
    await stack.close();
    await provider.close();
  });

  async function summarise(body: Record<string, unknown>) {
    const response = await stack.post('/summarize', { query: QUERY, limit: 20, ...body });
    expect(response.status).toBe(200);
    expect(response.body.reviews).toHaveLength(REVIEWS.length);
    if (byId.size === 0) {
      const stored = await stack.store.getReviews(stack.config.collection, response.body.reviews.map((r: any) => r.id));
      for (const s of stored) byId.set(s.id, REVIEWS.find((r) => `R-${r.id}` === s.review.reviewerID)!);
    }
    return response.body;
  }
  const nameOf = (id: string) => byId.get(id)!.id;

  it('extractive: the first theme is what most reviews say, with its count and mean rating; verdicts alone never appear', async () => {
    const answer = await summarise({ model: 'extractive', maxNewTokens: 200 });
    const [first] = answer.themes;
    expect(first.reviews.map(nameOf).sort()).toEqual(TUNING);
    expect(first.count).toBe(TUNING.length);
    const tuningRatings = REVIEWS.filter((r) => TUNING.includes(r.id)).map((r) => r.rating);
    expect(first.meanRating).toBeCloseTo(tuningRatings.reduce((a, b) => a + b, 0) / tuningRatings.length, 2);
    expect(answer.themes.length).toBeGreaterThan(1);
    for (const theme of answer.themes) {
      expect(normalise(theme.sentence)).not.toBe('good strings');
      expect(theme.count).toBe(new Set(theme.reviews).size);
      const ratings = theme.reviews.map((id: string) => byId.get(id)!.rating);
      expect(theme.meanRating).toBeCloseTo(ratings.reduce((a: number, b: number) => a + b, 0) / ratings.length, 2);
      // The sentence is copied from one of the reviews it stands for.
      expect(theme.reviews.some((id: string) => byId.get(id)!.text.includes(theme.sentence))).toBe(true);
    }
    expect(answer.summary).not.toMatch(/Good strings/);
    // Most supported first.
    const counts = answer.themes.map((t: any) => t.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    // Citations are the themes' reviews; the reviews that only say "Good strings" are not cited; coverage is their share.
    const themed = new Set(answer.themes.flatMap((t: any) => t.reviews));
    expect(new Set(answer.citations)).toEqual(themed);
    expect(answer.citations.map(nameOf)).not.toContain('V1');
    expect(answer.citations.map(nameOf)).not.toContain('V2');
    expect(answer.coverage).toBeCloseTo(themed.size / REVIEWS.length, 3);
    // Each theme's [n] cite exactly its reviews.
    for (const theme of answer.themes) {
      const at = answer.summary.indexOf(theme.sentence);
      const cited = /^ ((?:\[\d+\])+)/.exec(answer.summary.slice(at + theme.sentence.length))![1]!;
      const ids = [...cited.matchAll(/\[(\d+)\]/g)].map((m) => answer.citations[Number(m[1]) - 1]);
      expect(ids.sort()).toEqual([...theme.reviews].sort());
    }
  });

  it('extractive: no two sentences of a summary are near-duplicates (cosine >= 0.9 by the embedding model)', async () => {
    const answer = await summarise({ model: 'extractive', maxNewTokens: 400 });
    const sentences = answer.themes.map((t: any) => t.sentence);
    // The five tuning reviews hold two sentences that differ only by their final mark: one stands for both.
    expect(sentences.filter((s: string) => normalise(s) === 'they stay in tune for weeks even after heavy bending').length).toBeLessThanOrEqual(1);
    const vectors = await embedder.embed(sentences);
    for (let i = 0; i < vectors.length; i += 1) for (let j = i + 1; j < vectors.length; j += 1) expect(dot(vectors[i]!, vectors[j]!)).toBeLessThan(0.9);
  });

  it('extractive: a small maxNewTokens gives fewer themes', async () => {
    const wide = await summarise({ model: 'extractive', maxNewTokens: 400 });
    const narrow = await summarise({ model: 'extractive', maxNewTokens: 24 });
    expect(narrow.themes.length).toBeGreaterThanOrEqual(1);
    expect(narrow.themes.length).toBeLessThan(wide.themes.length);
    expect(narrow.summary.split(/\s+/).length).toBeLessThanOrEqual(24);
    expect(narrow.themes[0].reviews.map(nameOf).sort()).toEqual(TUNING);
  });

  it('a generative model gets each review text once: repeats are folded into the first, and counted', async () => {
    const answer = await summarise({ model: 'openai:gpt-test', maxNewTokens: 60 });
    expect(answer.themes).toBeNull();
    const request = [...provider.requests].reverse().find((r) => r.body.model === 'gpt-test')!;
    const user = request.body.messages.find((m: any) => m.role === 'user').content as string;
    const blocks = user.split('\n').filter((line) => /^\[\d+\] /.test(line));
    const texts = blocks.map((line) => line.replace(/^\[\d+\] \([^)]*\) Strings: /, ''));
    // The retrieved reviews hold repeats (two "Good strings" alone, T1 and T5 alike but for a mark); the prompt does not.
    expect(new Set(REVIEWS.map((r) => normalise(r.text))).size).toBeLessThan(REVIEWS.length);
    expect(new Set(texts.map(normalise)).size).toBe(texts.length);
    expect(texts.length).toBeLessThanOrEqual(new Set(REVIEWS.map((r) => normalise(r.text))).size);
    const vectors = await embedder.embed(texts);
    for (let i = 0; i < vectors.length; i += 1) for (let j = i + 1; j < vectors.length; j += 1) expect(dot(vectors[i]!, vectors[j]!)).toBeLessThan(0.97);
    expect(user).toMatch(/1 more review says the same\) Strings: Good strings[.!]/);
    expect(answer.citations).toHaveLength(blocks.length);
    expect(answer.coverage).toBeCloseTo(blocks.length / REVIEWS.length, 3);
  });
});
