/**
 * A local stand-in for the paid generation APIs, answering in their documented
 * formats: OpenAI chat completions (`/v1/chat/completions`, also what
 * Hugging Face's chat route speaks) and completions (`/v1/completions`, what
 * `@huggingface/inference` calls for text generation on an endpoint), OpenAI
 * embeddings (`/v1/embeddings`) and Hugging Face feature extraction (an
 * endpoint's root). The model name picks the behaviour: `limited` answers 429
 * with Retry-After 7, `broken` a 500, `slow` never answers, `flaky` answers 429
 * once then works, `short` returns vectors one value short after the first
 * text; anything else answers.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';

/** A deterministic 16-dimension vector for a text (its SHA-256 bytes, centred). */
export function fakeEmbedding(text: string, dimension = 16): number[] {
  const bytes = createHash('sha256').update(text).digest();
  return Array.from({ length: dimension }, (_, i) => bytes[i % bytes.length]! / 255 - 0.5);
}

export interface ProviderServer {
  url: string;
  requests: { path: string; authorization?: string; body: any }[];
  close(): Promise<void>;
}

export async function startProviderServer(): Promise<ProviderServer> {
  const requests: ProviderServer['requests'] = [];
  const flaky = new Set<string>();
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const body = raw ? JSON.parse(raw) : {};
      requests.push({ path: req.url ?? '', authorization: req.headers.authorization, body });
      const model = String(body.model ?? '');
      const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(payload));
      };
      const embeddingInputs: string[] | undefined =
        req.url === '/v1/embeddings' ? [body.input].flat() : req.url === '/' && body.inputs ? [body.inputs].flat() : undefined;
      if (model.includes('flaky') && embeddingInputs && !flaky.has(model)) {
        flaky.add(model);
        send(429, { error: { message: 'Rate limit reached', type: 'requests' } }, { 'retry-after': '0' });
        return;
      }
      if (embeddingInputs && !/limited|broken|slow/.test(model)) {
        const vectors = embeddingInputs.map((text, i) => fakeEmbedding(text).slice(0, model.includes('short') && i > 0 ? 15 : 16));
        if (req.url === '/') send(200, vectors);
        else {
          send(200, {
            object: 'list',
            data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })),
            model,
            usage: { prompt_tokens: embeddingInputs.length, total_tokens: embeddingInputs.length },
          });
        }
        return;
      }
      if (model.includes('slow')) {
        hanging.add(res);
        return;
      }
      if (model.includes('limited')) {
        send(429, { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } }, { 'retry-after': '7' });
        return;
      }
      if (model.includes('broken')) {
        send(500, { error: { message: 'The model crashed', type: 'server_error' } });
        return;
      }
      if (req.url?.endsWith('/chat/completions')) {
        const user = [...(body.messages ?? [])].reverse().find((m: any) => m.role === 'user')?.content ?? '';
        const firstReview = /\[1\][^\n]*/.exec(user)?.[0] ?? 'no reviews';
        const content = `Reviewers mostly agree. ${firstReview.slice(0, 200)}`;
        send(200, {
          id: 'chatcmpl-test',
          object: 'chat.completion',
          created: 1700000000,
          model,
          choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
          usage: { prompt_tokens: Math.ceil(user.length / 4), completion_tokens: 17, total_tokens: Math.ceil(user.length / 4) + 17 },
        });
        return;
      }
      if (req.url?.endsWith('/completions')) {
        send(200, {
          id: 'cmpl-test',
          object: 'text_completion',
          created: 1700000000,
          model,
          choices: [{ index: 0, text: ' the strings stay in tune and sound bright', finish_reason: 'length' }],
        });
        return;
      }
      send(404, { error: { message: `no route ${req.url}` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async close() {
      for (const res of hanging) res.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
