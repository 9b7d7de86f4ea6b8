import { createReviewSearchClient } from './client';
import { IngestDeadlineError, ReviewSearchApiError } from './errors';
import { followIngest } from './follow-ingest';

/** A client whose API answers GET /ingest/{jobId} with the given answers in turn (the last one again once they run out). */
function clientAnswering(...answers: Response[]) {
  const looks: string[] = [];
  const fetch = async (input: string | URL | Request) => {
    looks.push((input as Request).url);
    return (answers.length > 1 ? answers.shift()! : answers[0]!).clone();
  };
  return { client: createReviewSearchClient({ baseUrl: 'http://reviews.test', fetch }), looks };
}

const status = (state: string) => Response.json({ jobId: 'job-1', state, progress: { percent: state === 'completed' ? 100 : 40 } });

describe('followIngest', () => {
  it('looks at the job until it is completed and returns that status', async () => {
    const { client, looks } = clientAnswering(status('waiting'), status('embedding'), status('completed'));
    const final = await followIngest(client, 'job-1', { intervalMs: 1 });
    expect(final).toEqual({ jobId: 'job-1', state: 'completed', progress: { percent: 100 } });
    expect(looks).toEqual(Array(3).fill('http://reviews.test/ingest/job-1'));
  });

  it('returns a failed job as it is, for the caller to read its reason', async () => {
    const { client } = clientAnswering(status('failed'));
    expect(await followIngest(client, 'job-1')).toMatchObject({ state: 'failed' });
  });

  it('gives up at the deadline, naming the job and its last state', async () => {
    const { client, looks } = clientAnswering(status('embedding'));
    const following = followIngest(client, 'job-1', { intervalMs: 20, deadlineMs: 100 });
    await expect(following).rejects.toThrow(new IngestDeadlineError('job-1', 'embedding', 100));
    await expect(following).rejects.toMatchObject({ jobId: 'job-1', lastState: 'embedding' });
    expect(looks.length).toBeGreaterThanOrEqual(2);
    expect(looks.length).toBeLessThanOrEqual(6);
  });

  it("throws the API's refusal as a ReviewSearchApiError with its status and message", async () => {
    const { client } = clientAnswering(Response.json({ error: "no ingest job 'job-1'", details: null }, { status: 404 }));
    const following = followIngest(client, 'job-1');
    await expect(following).rejects.toBeInstanceOf(ReviewSearchApiError);
    await expect(following).rejects.toMatchObject({ status: 404, message: "GET /ingest/{jobId} answered 404: no ingest job 'job-1'" });
  });

  it('refuses an answer without a state rather than following it forever', async () => {
    const { client } = clientAnswering(Response.json({ jobId: 'job-1' }));
    await expect(followIngest(client, 'job-1')).rejects.toThrow('GET /ingest/{jobId} answered 200: a job status without a state');
  });
});
