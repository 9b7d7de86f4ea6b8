import http from 'node:http';

/** One upsert Qdrant acknowledged: the collection and the point ids it wrote. */
export interface RecordedUpsert {
  collection: string;
  ids: string[];
}

/**
 * A loopback HTTP proxy in front of the real Qdrant that passes everything on
 * and records each points upsert (`PUT /collections/<name>/points`) that
 * Qdrant answered with a 2xx: what a client actually wrote, however often,
 * which the stored points (keyed by id) cannot show.
 */
export interface RecordingProxy {
  url: string;
  upserts(): RecordedUpsert[];
  /** How many acknowledged upserts of `collection` wrote each point id. */
  writesPerId(collection: string): Map<string, number>;
  close(): Promise<void>;
}

const UPSERT = /^\/collections\/([^/]+)\/points$/;

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const recorded: RecordedUpsert[] = [];
  /** Acknowledged upserts this proxy could not read: reported by `writesPerId` rather than thrown in a socket callback. */
  const unreadable: string[] = [];
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://proxy').pathname;
    const upsertOf = req.method === 'PUT' ? UPSERT.exec(pathname)?.[1] : undefined;
    const chunks: Buffer[] = [];
    const outgoing = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        const status = answer.statusCode ?? 502;
        if (upsertOf !== undefined && status >= 200 && status < 300) {
          try {
            const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { points?: { id: string | number }[] };
            if (!Array.isArray(body.points)) throw new Error('no "points" list');
            recorded.push({ collection: decodeURIComponent(upsertOf), ids: body.points.map((point) => String(point.id)) });
          } catch (error) {
            unreadable.push(`an upsert of ${upsertOf}: ${(error as Error).message}`);
          }
        }
        res.writeHead(status, answer.headers);
        answer.pipe(res);
      },
    );
    outgoing.on('error', () => res.destroy());
    if (upsertOf !== undefined) req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.pipe(outgoing);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    upserts: () => [...recorded],
    writesPerId(collection) {
      if (unreadable.length > 0) throw new Error(`the recording proxy could not read ${unreadable.join('; ')}`);
      const counts = new Map<string, number>();
      for (const upsert of recorded) {
        if (upsert.collection !== collection) continue;
        for (const id of upsert.ids) counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      return counts;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
