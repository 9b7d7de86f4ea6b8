import http from 'node:http';
import net from 'node:net';
import { isApiOrigin } from './api-origins';
import { recordApiAnswer } from './answer-violations';

export interface RawRequest {
  method: string;
  /** Path and query, sent as given (no encoding added). */
  path: string;
  headers?: Record<string, string>;
  /** Sent as is: no content type is added for it. */
  body?: string | Buffer;
}

export interface RawAnswer {
  status: number;
  contentType: string;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: any;
}

/** Longest a request may go unanswered before it counts as a hang. */
const HANG_MS = 30_000;

/**
 * One HTTP request exactly as given (method, path, headers, bytes), and its
 * whole answer, on a connection of its own (Node's pooled client may reuse a
 * socket while an answer given before the body was read is still settling).
 * An answer from the API (a registered origin) is checked against its OpenAPI
 * document, on the path exactly as sent.
 */
export async function sendRaw(baseUrl: string, request: RawRequest): Promise<RawAnswer> {
  const received = await exchange(baseUrl, request);
  if (isApiOrigin(baseUrl)) {
    const { status, contentType, text } = received;
    recordApiAnswer({ method: request.method, url: request.path, status, contentType, body: text });
  }
  return received;
}

function exchange(baseUrl: string, request: RawRequest): Promise<RawAnswer> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method: request.method, path: request.path, headers: request.headers, timeout: HANG_MS, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => resolve(answer(res.statusCode ?? 0, res.headers, Buffer.concat(chunks).toString('utf8'))));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${request.method} ${request.path.slice(0, 80)}: no answer within ${HANG_MS} ms`)));
    req.on('error', reject);
    req.end(request.body);
  });
}

/**
 * Bytes written straight to the server's socket (for requests no HTTP client
 * would send), and the answer read to the end. Not checked against the OpenAPI
 * document: these bytes are not valid HTTP, so the answer comes from the
 * server's parser (400, 431), before any route, and is no operation's.
 */
export function sendBytes(baseUrl: string, bytes: string | Buffer): Promise<RawAnswer> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname, () => socket.end(bytes));
    const chunks: Buffer[] = [];
    socket.setTimeout(HANG_MS, () => socket.destroy(new Error(`no answer within ${HANG_MS} ms`)));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = raw.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers: http.IncomingHttpHeaders = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve(answer(Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0), headers, rest.join('\r\n\r\n')));
    });
  });
}

function answer(status: number, headers: http.IncomingHttpHeaders, text: string): RawAnswer {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status, contentType: String(headers['content-type'] ?? ''), headers, text, json };
}
