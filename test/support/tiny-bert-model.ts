/**
 * Writes a tiny BERT-style sentence-embedding model directory that
 * transformers.js loads offline: a WordPiece `tokenizer.json` of ~200 tokens and
 * an ONNX graph (embedding lookup -> layer norm -> dense -> tanh) with seeded
 * random weights, emitting `last_hidden_state` [batch, seq, hidden]. Its
 * vectors mean nothing; it proves the real path tokenizer -> ONNX Runtime ->
 * mean pooling -> normalisation without any download.
 */
import fs from 'node:fs';
import path from 'node:path';
import { onnx } from 'onnx-proto';
import { floatTensor, modelFile, mulberry32, randomFloats, valueInfo, writeJson } from './onnx-model-files';
import { quantizedDense, type WeightType } from './onnx-quantized';

export const TINY_BERT_HIDDEN = 32;

const SPECIAL = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
const WORDS = (
  'the a an and or but is are was were it this that these those i you he she we they my your ' +
  'of to in on for with at by from as not no very so too all more most good great bad poor ' +
  'guitar guitars string strings sound sounds tone tune tuning stay stays pedal amp cable cables ' +
  'mic price quality cheap well works work play playing use used bass acoustic electric noise ' +
  'love like buy bought product recommend five stars one two music month time'
).split(' ');
const LETTERS = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('');
const PUNCTUATION = '.,!?\'"-()/:;&$%'.split('');

export function tinyBertVocabulary(): string[] {
  return [...SPECIAL, ...PUNCTUATION, ...LETTERS, ...LETTERS.map((l) => `##${l}`), ...WORDS];
}

/**
 * Writes the model into `directory` (created), deterministic for a seed; with
 * `quantized`, also `onnx/model_quantized.onnx` (what EMBEDDING_DTYPE=q8 loads),
 * the same weights with its dense layer quantized.
 */
export function writeTinyBertModel(directory: string, seed = 42, options: { quantized?: WeightType } = {}): void {
  const vocab = tinyBertVocabulary();
  fs.mkdirSync(path.join(directory, 'onnx'), { recursive: true });
  const json = (name: string, value: unknown) => writeJson(directory, name, value);
  json('config.json', {
    model_type: 'bert',
    architectures: ['BertModel'],
    hidden_size: TINY_BERT_HIDDEN,
    num_attention_heads: 2,
    num_hidden_layers: 1,
    vocab_size: vocab.length,
    max_position_embeddings: 128,
  });
  json('tokenizer_config.json', {
    tokenizer_class: 'BertTokenizer',
    model_max_length: 128,
    do_lower_case: true,
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    mask_token: '[MASK]',
  });
  json('tokenizer.json', tokenizerJson(vocab));
  fs.writeFileSync(path.join(directory, 'onnx', 'model.onnx'), tinyBertOnnx(vocab.length, seed));
  if (options.quantized) fs.writeFileSync(path.join(directory, 'onnx', 'model_quantized.onnx'), tinyBertOnnx(vocab.length, seed, { quantized: options.quantized }));
}

function tokenizerJson(vocab: string[]) {
  const ids = Object.fromEntries(vocab.map((token, id) => [token, id]));
  const special = (token: string) => ({ id: token, ids: [ids[token]], tokens: [token] });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL.map((content, id) => ({
      id,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: { '[CLS]': special('[CLS]'), '[SEP]': special('[SEP]') },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: ids },
  };
}

export interface TinyBertGraphOptions {
  /** Position embeddings for this many positions (none: the graph reads words only). */
  maxPositions?: number;
  /** Its dense layer dynamically quantized with weights of this type (see onnx-quantized.ts). */
  quantized?: WeightType;
}

/** The graph: embeddings (+ positions) -> layer norm -> dense -> tanh, seeded weights shared by its fp32 and quantized forms. */
export function tinyBertOnnx(vocabSize: number, seed: number, options: TinyBertGraphOptions = {}): Uint8Array {
  const random = mulberry32(seed);
  const H = TINY_BERT_HIDDEN;
  const floats = (n: number, scale: number) => randomFloats(random, n, scale);
  const io = valueInfo;
  const INT64 = onnx.TensorProto.DataType.INT64;
  const FLOAT = onnx.TensorProto.DataType.FLOAT;
  const node = (opType: string, input: string[], output: string, attribute: onnx.AttributeProto[] = []) =>
    onnx.NodeProto.create({ opType, input, output: [output], attribute });
  const wordEmbeddings = floats(vocabSize * H, 1);
  const denseWeight = floats(H * H, 1 / Math.sqrt(H));
  const denseBias = floats(H, 0.1);
  const initializer = [floatTensor('word_embeddings', [vocabSize, H], wordEmbeddings), floatTensor('ln_scale', [H], Array(H).fill(1)), floatTensor('ln_bias', [H], Array(H).fill(0))];
  const nodes = [node('Gather', ['word_embeddings', 'input_ids'], 'words')];
  let embedded = 'words';
  if (options.maxPositions) {
    initializer.push(
      floatTensor('position_embeddings', [options.maxPositions, H], floats(options.maxPositions * H, 1)),
      onnx.TensorProto.create({ name: 'one', dims: [], dataType: INT64, int64Data: [1] }),
      onnx.TensorProto.create({ name: 'zero', dims: [], dataType: INT64, int64Data: [0] }),
    );
    nodes.push(
      node('Shape', ['input_ids'], 'shape'),
      node('Gather', ['shape', 'one'], 'length', [onnx.AttributeProto.create({ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 })]),
      node('Range', ['zero', 'length', 'one'], 'positions'),
      node('Gather', ['position_embeddings', 'positions'], 'placed'),
      node('Add', ['words', 'placed'], 'embedded'),
    );
    embedded = 'embedded';
  }
  nodes.push(node('LayerNormalization', [embedded, 'ln_scale', 'ln_bias'], 'normed', [onnx.AttributeProto.create({ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: -1 })]));
  if (options.quantized) {
    const dense = quantizedDense('dense', 'normed', denseWeight, denseBias, [H, H], options.quantized);
    initializer.push(...dense.initializers);
    nodes.push(...dense.nodes, node('Tanh', [dense.output], 'last_hidden_state'));
  } else {
    initializer.push(floatTensor('dense_weight', [H, H], denseWeight), floatTensor('dense_bias', [H], denseBias));
    nodes.push(node('MatMul', ['normed', 'dense_weight'], 'projected'), node('Add', ['projected', 'dense_bias'], 'biased'), node('Tanh', ['biased'], 'last_hidden_state'));
  }
  const graph = onnx.GraphProto.create({
    name: 'tiny-bert',
    input: [io('input_ids', INT64, ['batch_size', 'sequence_length']), io('attention_mask', INT64, ['batch_size', 'sequence_length'])],
    output: [io('last_hidden_state', FLOAT, ['batch_size', 'sequence_length', String(H)])],
    initializer,
    node: nodes,
  });
  return modelFile(graph, 'review-search tiny-bert');
}
