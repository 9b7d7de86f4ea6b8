/**
 * A model directory with all-MiniLM-L6-v2's real tokenizer (30,522 WordPiece
 * tokens, `model_max_length` 512) read from the shared models beside the
 * repository, and a tiny generated graph (tiny-bert-model.ts) that takes the
 * whole vocabulary and 512 positions: the model's true window behaviour, with
 * vectors that mean nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeJson } from './onnx-model-files';
import type { WeightType } from './onnx-quantized';
import { TINY_BERT_HIDDEN, tinyBertOnnx } from './tiny-bert-model';

/** The real all-MiniLM-L6-v2 files (tokenizer and configs, no weights), beside the repository. */
export const MINILM_FILES = path.resolve(__dirname, '../../../shared/models/all-MiniLM-L6-v2');
const TOKENIZER_FILES = ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'vocab.txt'];
const VOCABULARY = 30_522;
const POSITIONS = 512;

export interface TinyMiniLmOptions {
  /** Copy the real `sentence_bert_config.json` (`max_seq_length` 256); without it the window is the tokenizer's 512. */
  sentenceBertConfig?: boolean;
  /** Also write `onnx/model_quantized.onnx`. */
  quantized?: WeightType;
}

export function writeTinyMiniLmModel(directory: string, options: TinyMiniLmOptions = {}, seed = 7): void {
  const files = [...TOKENIZER_FILES, ...(options.sentenceBertConfig ? ['sentence_bert_config.json'] : [])];
  const missing = files.filter((file) => !fs.existsSync(path.join(MINILM_FILES, file)));
  if (missing.length > 0) throw new Error(`the shared all-MiniLM-L6-v2 files are missing from ${MINILM_FILES}: ${missing.join(', ')}`);
  fs.mkdirSync(path.join(directory, 'onnx'), { recursive: true });
  for (const file of files) fs.copyFileSync(path.join(MINILM_FILES, file), path.join(directory, file));
  writeJson(directory, 'config.json', {
    model_type: 'bert',
    architectures: ['BertModel'],
    hidden_size: TINY_BERT_HIDDEN,
    num_attention_heads: 2,
    num_hidden_layers: 1,
    vocab_size: VOCABULARY,
    max_position_embeddings: POSITIONS,
  });
  fs.writeFileSync(path.join(directory, 'onnx', 'model.onnx'), tinyBertOnnx(VOCABULARY, seed, { maxPositions: POSITIONS }));
  if (options.quantized) {
    fs.writeFileSync(path.join(directory, 'onnx', 'model_quantized.onnx'), tinyBertOnnx(VOCABULARY, seed, { maxPositions: POSITIONS, quantized: options.quantized }));
  }
}
