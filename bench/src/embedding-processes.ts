import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { EmbedderOptions } from '@review-search/shared';
import { round, type IngestFigures } from './ingest-bench';

/**
 * a2. The bare embedder in `processes` processes side by side, each embedding
 * an equal share of the texts in batches of 64: what the machine can embed
 * with this model, the ceiling of any pipeline that embeds in that many
 * processes. Timed from the moment every process has loaded its model and
 * holds its texts to the moment the last one is done.
 */
export async function bareEmbeddingInProcesses(
  model: string,
  options: EmbedderOptions,
  texts: readonly string[],
  processes: number,
): Promise<IngestFigures & { processes: number }> {
  const children = Array.from({ length: processes }, () =>
    fork(path.join(__dirname, 'embedding-process.ts'), [model, JSON.stringify(options)], { execArgv: process.execArgv, stdio: 'inherit' }),
  );
  try {
    await Promise.all(children.map((child) => said(child, 'loaded')));
    const share = Math.ceil(texts.length / processes);
    await Promise.all(
      children.map((child, i) => {
        child.send({ texts: texts.slice(i * share, (i + 1) * share) });
        return said(child, 'ready');
      }),
    );
    const started = performance.now();
    await Promise.all(
      children.map((child) => {
        child.send('go');
        return said(child, 'done');
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    return { reviews: texts.length, seconds: round(seconds), perSecond: round(texts.length / seconds), processes };
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill();
  }
}

/** Resolves when `child` sends `word`; rejects if it exits first. */
function said(child: ChildProcess, word: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      if (message !== word) return;
      child.off('exit', onExit);
      child.off('message', onMessage);
      resolve();
    };
    const onExit = (code: number | null) => reject(new Error(`embedding process exited (${code}) before '${word}'`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}
