/**
 * `pnpm models:pull [model ...]`: downloads embedding models into the model
 * cache (`MODEL_CACHE_DIR`, the `models` volume under compose) ahead of time,
 * in the weights `EMBEDDING_DTYPE` picks, and loads each once to prove it
 * works, so a host that is offline later has them. Default: `EMBEDDING_MODEL`.
 */
import { parseArgs } from 'node:util';
import { assertEmbeddingModel, errorMessage, isDownloadedModel, loadConfig, loadEmbedder, modelOptions } from '@review-search/shared';

const USAGE =
  'usage: pnpm models:pull [model ...]\n' +
  '  downloads each embedding model (default: EMBEDDING_MODEL) into MODEL_CACHE_DIR, from MODEL_HUB_URL,\n' +
  '  in the weights EMBEDDING_DTYPE picks, and loads it once';

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig();
  const models = positionals.length > 0 ? positionals : [config.embeddingModel];
  let failed = 0;
  for (const model of models) {
    try {
      assertEmbeddingModel(model);
      const embedder = await loadEmbedder(model, modelOptions(config, 'ingest'));
      const where = isDownloadedModel(model) ? `in ${config.modelCacheDir} (${config.embeddingDtype})` : 'nothing to download: it is not a hub model';
      console.log(`${model}: ready, ${embedder.dimension} dimensions; ${where}`);
    } catch (error) {
      failed += 1;
      console.error(`${model}: ${errorMessage(error)}`);
    }
  }
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(errorMessage(error));
    process.exit(1);
  },
);
