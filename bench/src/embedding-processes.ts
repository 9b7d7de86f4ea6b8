import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { EmbedderOptions } from '@review-search/shared';
import type { EmbeddingDone, EmbeddingWork } from './embedding-worker';
import { round, type IngestFigures } from './ingest-bench';

/**
 * Runs each of `works` in a forked process of its own (its own ONNX session
 * and thread pool, as an ingest embedding process has), all starting together
 * once every one has loaded and warmed its model; the wall-clock milliseconds
 * from the start to the last one done, and each one's report.
 */
export async function embedSideBySide(works: EmbeddingWork[]): Promise<{ milliseconds: number; done: EmbeddingDone[] }> {
  const children: ChildProcess[] = works.map(() => fork(path.join(__dirname, 'embedding-worker.ts')));
  try {
    const message = <T>(child: ChildProcess) =>
      new Promise<T>((resolve, reject) => {
        child.once('message', (value) => resolve(value as T));
        child.once('exit', (code) => reject(new Error(`an embedding process exited with code ${code}`)));
      });
    const ready = children.map((child) => message<string>(child));
    children.forEach((child, i) => child.send(works[i]!));
    await Promise.all(ready);
    const done = children.map((child) => message<EmbeddingDone>(child));
    const started = performance.now();
    children.forEach((child) => child.send('go'));
    const reports = await Promise.all(done);
    return { milliseconds: performance.now() - started, done: reports };
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill();
  }
}

/**
 * a2. The bare embedder in `processes` processes side by side, the batches of
 * 64 dealt out in turn: what the machine can embed with this model, the
 * ceiling of any pipeline that embeds in that many processes.
 */
export async function bareEmbeddingInProcesses(
  model: string,
  options: Pick<EmbedderOptions, 'cacheDir'>,
  texts: readonly string[],
  processes: number,
): Promise<IngestFigures & { processes: number }> {
  const batches = Array.from({ length: Math.ceil(texts.length / 64) }, (_, i) => texts.slice(i * 64, (i + 1) * 64));
  const { milliseconds } = await embedSideBySide(
    Array.from({ length: processes }, (_, p) => ({
      model,
      cacheDir: options.cacheDir,
      dtype: 'fp32' as const,
      threads: 1,
      batches: batches.filter((_, i) => i % processes === p),
    })),
  );
  const seconds = milliseconds / 1000;
  return { reviews: texts.length, seconds: round(seconds), perSecond: round(texts.length / seconds), processes };
}
