import { CSV_HEADER, writeTempFile } from '../support/fixtures';
import { startTestStack, testConfig, type TestStack } from '../support/stack';

/** One CSV row of a review by `reviewer` of product B100, with its text and stars. */
const row = (reviewer: string, text: string, stars: number) => `${reviewer},B100,${reviewer} name,"[0, 0]","${text}",${stars}.0,${reviewer} summary,1393545600,"02 28, 2014"`;
const csv = (rows: string[]) => [CSV_HEADER, ...rows].join('\n') + '\n';

const FIRST = [
  row('U1', 'Strings stay in tune for weeks.', 5),
  row('U2', 'The cable hums and crackles.', 1),
  row('U3', 'A sturdy stand for a heavy microphone.', 4),
  row('U4', 'The tuner is easy to read on a dark stage.', 5),
];
const SECOND = [
  row('U1', 'Strings stay in tune for weeks.', 5), // as it was
  row('U2', 'The cable hums and crackles; the new one is quiet.', 3), // text and stars changed
  row('U3', 'A sturdy stand for a heavy microphone.', 2), // stars changed, same text
  row('U5', 'A capo that holds without buzzing.', 4), // new
  row('U6', 'The pop filter clips on firmly.', 4), // new
];

describe('upsert ingest: new and changed rows into the live build', () => {
  let stack: TestStack;
  let live: string;

  beforeAll(async () => {
    stack = await startTestStack(testConfig({ INGEST_BATCH_SIZE: '2' }));
    const accepted = await stack.post('/ingest', { source: writeTempFile('first.csv', csv(FIRST)) });
    expect(accepted.status).toBe(202);
    const status = await stack.waitForIngest(accepted.body.jobId);
    expect({ state: status.state, reason: status.failedReason }).toEqual({ state: 'completed', reason: null });
    live = accepted.body.collection;
    expect(await stack.store.aliasTarget(stack.config.collection)).toBe(live);
  });
  afterAll(async () => {
    await stack.close();
  });

  const byReviewer = async () => {
    const points = await stack.store.getReviews(live, await stack.store.listIds(live), { withVector: 'use-lite' });
    return new Map(points.map((point) => [point.review.reviewerID, point]));
  };

  it('adds the new rows, replaces the changed ones, leaves the rest, and embeds only texts it did not hold', async () => {
    const before = await byReviewer();
    const describedBefore = await stack.store.describeCollection(live);
    const accepted = await stack.post('/ingest', { source: writeTempFile('second.csv', csv(SECOND)), mode: 'upsert' });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ collection: live, activate: false, mode: 'upsert' });
    const status = await stack.waitForIngest(accepted.body.jobId);
    expect({ state: status.state, reason: status.failedReason }).toEqual({ state: 'completed', reason: null });
    expect(status.result).toMatchObject({
      collection: live,
      read: 5,
      changes: { added: 2, replaced: 2, unchanged: 1 },
      upserted: 4,
      embedded: 3, // U2's new text, U5 and U6; U3 keeps its vector
      cached: 0,
      points: 6,
      activated: null,
    });

    const after = await byReviewer();
    expect([...after.keys()].sort()).toEqual(['U1', 'U2', 'U3', 'U4', 'U5', 'U6']);
    expect(after.get('U2')!.review).toMatchObject({ reviewText: 'The cable hums and crackles; the new one is quiet.', overall: 3 });
    expect(after.get('U2')!.vector).not.toEqual(before.get('U2')!.vector);
    expect(after.get('U3')!.review.overall).toBe(2);
    expect(after.get('U3')!.vector).toEqual(before.get('U3')!.vector);
    for (const same of ['U1', 'U4']) expect(after.get(same)).toEqual(before.get(same));
    expect(after.get('U5')!.review.reviewText).toBe('A capo that holds without buzzing.');

    // The build stays live, with its own calibration and record.
    expect(await stack.store.aliasTarget(stack.config.collection)).toBe(live);
    const describedAfter = await stack.store.describeCollection(live);
    expect(describedAfter?.calibration).toEqual(describedBefore?.calibration);
    expect(describedAfter?.build).toEqual(describedBefore?.build);

    // Searching finds the new review.
    const search = await stack.post('/search', { query: 'capo buzzing', limit: 1, mode: 'dense' });
    expect(search.body.results[0].review.reviewerID).toBe('U5');
  });

  it('the same file again changes nothing and embeds nothing', async () => {
    const accepted = await stack.post('/ingest', { source: writeTempFile('second.csv', csv(SECOND)), mode: 'upsert' });
    const status = await stack.waitForIngest(accepted.body.jobId);
    expect(status.result).toMatchObject({ changes: { added: 0, replaced: 0, unchanged: 5 }, upserted: 0, embedded: 0, cached: 0, points: 6 });
  });

  it('refuses another model, activation, and the alias itself, saying why', async () => {
    const source = writeTempFile('second.csv', csv(SECOND));
    const otherModel = await stack.post('/ingest', { source, mode: 'upsert', model: stack.config.embeddingModels[1] });
    expect(otherModel.status).toBe(400);
    expect(otherModel.body.error).toContain(`holds use-lite vectors`);
    const activate = await stack.post('/ingest', { source, mode: 'upsert', activate: true });
    expect(activate.status).toBe(400);
    expect(activate.body.error).toMatch(/activate does not apply/);
    const alias = await stack.post('/ingest', { source, mode: 'upsert', collection: stack.config.collection });
    expect(alias.status).toBe(400);
  });

  it('with no live build there is nothing to upsert into: 409', async () => {
    const empty = await startTestStack();
    try {
      const refused = await empty.post('/ingest', { source: writeTempFile('second.csv', csv(SECOND)), mode: 'upsert' });
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatch(/no live build to upsert into/);
    } finally {
      await empty.close();
    }
  });
});
