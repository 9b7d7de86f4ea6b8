import type { Config } from './config';
import { allowedEmbeddingModels, assertEmbeddingModel } from './embedding/embedding-models';
import { ConfigError, errorMessage } from './errors';
import { allowedGenerationModels, assertGenerationModel } from './generation/generation-models';

/**
 * Start-up check: every configured model (`EMBEDDING_MODELS`,
 * `GENERATION_MODELS` and the defaults) has a form some backend takes, so a
 * typo fails at start rather than on the first request that names it.
 */
export function assertConfiguredModelForms(config: Config): void {
  const problems: string[] = [];
  for (const model of allowedEmbeddingModels(config)) {
    try {
      assertEmbeddingModel(model);
    } catch (error) {
      problems.push(`EMBEDDING_MODELS: ${errorMessage(error)}`);
    }
  }
  for (const model of allowedGenerationModels(config)) {
    try {
      assertGenerationModel(model, { extractive: true });
    } catch (error) {
      problems.push(`GENERATION_MODELS: ${errorMessage(error)}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
}
