import http from 'node:http';

/** How a route answers its `attempt`-th request (1 = the first). */
export type SourceRoute = (res: http.ServerResponse, attempt: number) => void;

/** A loopback HTTP server that serves ingest sources the way a test needs: whole, cut off, stalled, or refused. */
export interface SourceServer {
  port: number;
  url(path: string): string;
  /** Requests seen on a path. */
  requests(path: string): number;
  route(path: string, answer: SourceRoute): void;
  /** Ends every connection, stalled ones included. */
  close(): Promise<void>;
}

/** On `host` (Linux routes all of 127/8 to loopback: 127.0.0.2 is a second local address) and `port` (0: any free one). */
export async function startSourceServer(host = '127.0.0.1', port = 0): Promise<SourceServer> {
  const routes = new Map<string, SourceRoute>();
  const seen = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const attempt = (seen.get(path) ?? 0) + 1;
    seen.set(path, attempt);
    const answer = routes.get(path);
    if (answer) answer(res, attempt);
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('no such file');
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  const bound = (server.address() as { port: number }).port;
  return {
    port: bound,
    url: (path) => `http://${host}:${bound}${path}`,
    requests: (path) => seen.get(path) ?? 0,
    route: (path, answer) => void routes.set(path, answer),
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
