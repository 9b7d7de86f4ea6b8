import http from 'node:http';

/**
 * A loopback HTTP proxy in front of the real Qdrant that can hold the
 * requests a test picks until it lets them go: work that reads Qdrant then
 * stays in flight for exactly as long as the test needs, whatever the speed
 * of the machine.
 */
export interface HoldingProxy {
  url: string;
  /** Holds from now on the requests `matches` picks (method and path). */
  hold(matches: (method: string, path: string) => boolean): void;
  /** Requests held now. */
  held(): number;
  /** Stops holding and sends the held requests on. */
  release(): void;
  close(): Promise<void>;
}

export async function startHoldingProxy(target: string): Promise<HoldingProxy> {
  let matches: ((method: string, path: string) => boolean) | undefined;
  let waiting: (() => void)[] = [];
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const forward = () => {
      const outgoing = http.request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      outgoing.on('error', () => res.destroy());
      req.pipe(outgoing);
    };
    if (matches?.(req.method ?? 'GET', new URL(req.url ?? '/', 'http://proxy').pathname)) waiting.push(forward);
    else forward();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const release = () => {
    matches = undefined;
    const forwards = waiting;
    waiting = [];
    for (const forward of forwards) forward();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    hold(picks) {
      matches = picks;
    },
    held: () => waiting.length,
    release,
    async close() {
      release();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
