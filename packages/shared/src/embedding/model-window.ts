import fs from 'node:fs';
import path from 'node:path';
import { errorMessage } from '../errors';

/** Where a transformers.js model's window can come from, most trusted first. */
export interface WindowSources {
  /** `maxTokens` of the model in the registry (`EMBEDDING_MODELS`). */
  registryTokens?: number;
  /** A local model directory, whose `sentence_bert_config.json` may name it. */
  directory?: string;
  /** The tokenizer's `model_max_length` (Infinity when it has none). */
  tokenizerLimit: number;
}

/**
 * The tokens an embedding model reads per text, special tokens included, as
 * its sentence-transformers authors run it: the registry's `maxTokens`; else a
 * local directory's `sentence_bert_config.json` `max_seq_length`; else the
 * tokenizer's `model_max_length`. Never above the tokenizer's own limit.
 * all-MiniLM-L6-v2 reads 256 although its tokenizer allows 512.
 */
export function modelWindow(sources: WindowSources): number {
  const authored = sources.registryTokens ?? (sources.directory ? sentenceTransformersWindow(sources.directory) : undefined);
  return Math.min(authored ?? sources.tokenizerLimit, sources.tokenizerLimit);
}

/** `max_seq_length` of a directory's `sentence_bert_config.json`, when it has one. */
function sentenceTransformersWindow(directory: string): number | undefined {
  const file = path.join(directory, 'sentence_bert_config.json');
  if (!fs.existsSync(file)) return undefined;
  let tokens: unknown;
  try {
    tokens = (JSON.parse(fs.readFileSync(file, 'utf8')) as { max_seq_length?: unknown }).max_seq_length;
  } catch (error) {
    throw new Error(`${file} cannot be read: ${errorMessage(error)}`);
  }
  if (tokens === undefined || tokens === null) return undefined;
  if (!Number.isInteger(tokens) || (tokens as number) < 2) throw new Error(`${file}: max_seq_length must be an integer of at least 2, not ${JSON.stringify(tokens)}`);
  return tokens as number;
}
