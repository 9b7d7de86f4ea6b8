import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config';
import { embeddingModelFile } from './embedding/embedding-dtypes';
import { isDownloadedModel } from './embedding/embedding-models';
import { errorMessage } from './errors';
import { displaySource } from './sources/source-display';

const PROBE_TIMEOUT_MS = 5000;

/**
 * What `pnpm start` can see will go wrong before it starts the services, one
 * plain line each: an embedding model that is not in the model cache and
 * cannot be downloaded, and (while the live collection is empty, so that the
 * automatic ingest will run) a dataset that cannot be read. Each line says
 * what to do instead. Empty when nothing is wrong.
 */
export async function preflightProblems(config: Config, live: { points: number }): Promise<string[]> {
  const problems: string[] = [];
  const model = await modelProblem(config);
  if (model) problems.push(model);
  if (config.autoIngest && live.points === 0) {
    const dataset = await datasetProblem(config);
    if (dataset) problems.push(dataset);
  }
  return problems;
}

async function modelProblem(config: Config): Promise<string | undefined> {
  const model = config.embeddingModel;
  if (!isDownloadedModel(model)) return undefined;
  const cached = ['config.json', 'tokenizer.json', embeddingModelFile(config.embeddingDtype)].every((file) =>
    fs.existsSync(path.join(config.modelCacheDir, model, file)),
  );
  if (cached) return undefined;
  const hub = new URL(config.modelHubUrl);
  const reason = await unreachable(new URL(`${model}/resolve/main/config.json`, hub.href.endsWith('/') ? hub : `${hub.href}/`).href);
  if (!reason) return undefined;
  return (
    `embedding model '${model}' is not in the model cache (${config.modelCacheDir}) and cannot be downloaded ` +
    `(${hub.host} ${reason}): searches and ingests with it will fail; ` +
    `run offline with EMBEDDING_MODEL=use-lite, or fetch it where there is a network (pnpm models:pull ${model})`
  );
}

async function datasetProblem(config: Config): Promise<string | undefined> {
  const source = config.datasetUrl;
  const shown = displaySource(source);
  const advice = 'set DATASET_URL to a CSV that can be read (a URL or a file), or AUTO_INGEST=false and ingest one yourself (pnpm ingest <file>)';
  if (/^https?:\/\//i.test(source)) {
    const reason = await unreachable(source);
    return reason ? `the dataset ${shown} cannot be read (${reason}): the automatic ingest of the empty collection will fail; ${advice}` : undefined;
  }
  const file = source.startsWith('file://') ? new URL(source).pathname : source;
  return fs.existsSync(file) ? undefined : `the dataset ${shown} does not exist: the automatic ingest of the empty collection will fail; ${advice}`;
}

/** Why `url` cannot be fetched (no answer, or an error status), or undefined when it answers. Redirects count as answers. */
async function unreachable(url: string): Promise<string | undefined> {
  try {
    const response = await fetch(url, { method: 'HEAD', redirect: 'manual', signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    return response.status < 400 ? undefined : `answered ${response.status}`;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return `unreachable: ${errorMessage(error)}${cause ? `, ${cause}` : ''}`;
  }
}
