/**
 * An OpenAI-format embeddings API on loopback (`POST /v1/embeddings`, as
 * documented), answering at once with deterministic vectors of `dimension`
 * values drawn from each text's SHA-256: for benchmarks that measure what the
 * pipeline keeps (Redis, Qdrant), not how fast a model runs.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';

export interface FakeEmbeddings {
  baseUrl: string;
  close(): Promise<void>;
}

export async function startFakeOpenAiEmbeddings(dimension: number): Promise<FakeEmbeddings> {
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      if (req.url !== '/v1/embeddings') {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found' } }));
        return;
      }
      const body = JSON.parse(raw) as { input: string | string[]; model: string };
      const inputs = [body.input].flat();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          object: 'list',
          data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: vectorOf(text, dimension) })),
          model: body.model,
          usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { baseUrl: `http://127.0.0.1:${port}/v1`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function vectorOf(text: string, dimension: number): number[] {
  const values: number[] = [];
  for (let round = 0; values.length < dimension; round += 1) {
    for (const byte of createHash('sha256').update(`${round}:${text}`).digest()) values.push(byte / 255 - 0.5);
  }
  return values.slice(0, dimension);
}
