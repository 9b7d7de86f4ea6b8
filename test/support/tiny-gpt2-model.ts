/**
 * Writes a tiny GPT-2-style causal language model directory that
 * transformers.js loads offline: a byte-level BPE `tokenizer.json` (the 256
 * byte symbols, `<|endoftext|>` and a few dozen merges) and an ONNX graph
 * (token embedding -> tanh -> projection to the vocabulary) with seeded random
 * weights, emitting `logits` [batch, seq, vocab]. The end-of-text logit is
 * pushed far down so every generation runs to `max_new_tokens`. Its text is
 * noise; it proves the generation path without any download.
 */
import fs from 'node:fs';
import path from 'node:path';
import { onnx } from 'onnx-proto';
import { floatTensor, modelFile, mulberry32, randomFloats, valueInfo, writeJson } from './onnx-model-files';

const HIDDEN = 32;
export const TINY_GPT2_CONTEXT = 2048;
const WORDS = ['the', 'and', 'ing', 'er', 'in', 'on', 'at', 'es', 'or', 'an', 'it', 'is', 'to', 'ou', 're', 'ed', 'al', 'ar', 'st', 'en'];

/** GPT-2's byte -> printable character table. */
function bytesToUnicode(): string[] {
  const printable = [...range(33, 126), ...range(161, 172), ...range(174, 255)];
  const table: string[] = [];
  let extra = 0;
  for (let b = 0; b < 256; b += 1) table[b] = String.fromCharCode(printable.includes(b) ? b : 256 + extra++);
  return table;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

export function writeTinyGpt2Model(directory: string, seed = 7): void {
  const symbols = bytesToUnicode();
  const vocab: Record<string, number> = {};
  symbols.forEach((symbol, id) => (vocab[symbol] = id));
  vocab['<|endoftext|>'] = 256;
  const merges: string[] = [];
  const space = symbols[32]!; // 'Ġ'
  for (const word of WORDS) {
    const [a, b] = [word.slice(0, -1), word.slice(-1)];
    if (vocab[a] === undefined) continue;
    merges.push(`${a} ${b}`);
    vocab[word] = Object.keys(vocab).length;
  }
  for (const word of WORDS.filter((w) => w.length === 2)) {
    merges.push(`${space} ${word}`);
    vocab[`${space}${word}`] = Object.keys(vocab).length;
  }
  const vocabSize = Object.keys(vocab).length;
  fs.mkdirSync(path.join(directory, 'onnx'), { recursive: true });
  const json = (name: string, value: unknown) => writeJson(directory, name, value);
  json('config.json', {
    model_type: 'gpt2',
    architectures: ['GPT2LMHeadModel'],
    vocab_size: vocabSize,
    n_positions: TINY_GPT2_CONTEXT,
    n_ctx: TINY_GPT2_CONTEXT,
    n_embd: HIDDEN,
    n_layer: 1,
    n_head: 2,
    bos_token_id: 256,
    eos_token_id: 256,
    use_cache: false,
  });
  json('generation_config.json', { bos_token_id: 256, eos_token_id: 256 });
  json('tokenizer_config.json', {
    tokenizer_class: 'GPT2Tokenizer',
    model_max_length: TINY_GPT2_CONTEXT,
    bos_token: '<|endoftext|>',
    eos_token: '<|endoftext|>',
    unk_token: '<|endoftext|>',
    add_prefix_space: false,
  });
  json('tokenizer.json', {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [
      { id: 256, content: '<|endoftext|>', single_word: false, lstrip: false, rstrip: false, normalized: true, special: true },
    ],
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: false, use_regex: true },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      byte_fallback: false,
      vocab,
      merges,
    },
  });
  fs.writeFileSync(path.join(directory, 'onnx', 'model.onnx'), modelBytes(vocabSize, seed));
}

function modelBytes(vocabSize: number, seed: number): Uint8Array {
  const random = mulberry32(seed);
  const floats = (n: number, scale: number) => randomFloats(random, n, scale);
  const tensor = floatTensor;
  const io = valueInfo;
  const bias = floats(vocabSize, 0.5);
  bias[256] = -1e4; // never end: max_new_tokens is always reached
  const graph = onnx.GraphProto.create({
    name: 'tiny-gpt2',
    input: [io('input_ids', onnx.TensorProto.DataType.INT64, ['batch_size', 'sequence_length'])],
    output: [io('logits', onnx.TensorProto.DataType.FLOAT, ['batch_size', 'sequence_length', String(vocabSize)])],
    initializer: [
      tensor('wte', [vocabSize, HIDDEN], floats(vocabSize * HIDDEN, 1)),
      tensor('lm_head', [HIDDEN, vocabSize], floats(HIDDEN * vocabSize, 2 / Math.sqrt(HIDDEN))),
      tensor('lm_bias', [vocabSize], bias),
    ],
    node: [
      onnx.NodeProto.create({ opType: 'Gather', input: ['wte', 'input_ids'], output: ['embedded'] }),
      onnx.NodeProto.create({ opType: 'Tanh', input: ['embedded'], output: ['hidden'] }),
      onnx.NodeProto.create({ opType: 'MatMul', input: ['hidden', 'lm_head'], output: ['projected'] }),
      onnx.NodeProto.create({ opType: 'Add', input: ['projected', 'lm_bias'], output: ['logits'] }),
    ],
  });
  return modelFile(graph, 'review-search tiny-gpt2');
}
