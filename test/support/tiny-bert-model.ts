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

/** Writes the model into `directory` (created), deterministic for a seed. */
export function writeTinyBertModel(directory: string, seed = 42): void {
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
  fs.writeFileSync(path.join(directory, 'onnx', 'model.onnx'), modelBytes(vocab.length, seed));
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

function modelBytes(vocabSize: number, seed: number): Uint8Array {
  const random = mulberry32(seed);
  const H = TINY_BERT_HIDDEN;
  const floats = (n: number, scale: number) => randomFloats(random, n, scale);
  const tensor = floatTensor;
  const io = valueInfo;
  const INT64 = onnx.TensorProto.DataType.INT64;
  const FLOAT = onnx.TensorProto.DataType.FLOAT;
  const graph = onnx.GraphProto.create({
    name: 'tiny-bert',
    input: [io('input_ids', INT64, ['batch_size', 'sequence_length']), io('attention_mask', INT64, ['batch_size', 'sequence_length'])],
    output: [io('last_hidden_state', FLOAT, ['batch_size', 'sequence_length', String(H)])],
    initializer: [
      tensor('word_embeddings', [vocabSize, H], floats(vocabSize * H, 1)),
      tensor('ln_scale', [H], Array(H).fill(1)),
      tensor('ln_bias', [H], Array(H).fill(0)),
      tensor('dense_weight', [H, H], floats(H * H, 1 / Math.sqrt(H))),
      tensor('dense_bias', [H], floats(H, 0.1)),
    ],
    node: [
      onnx.NodeProto.create({ opType: 'Gather', input: ['word_embeddings', 'input_ids'], output: ['embedded'] }),
      onnx.NodeProto.create({
        opType: 'LayerNormalization',
        input: ['embedded', 'ln_scale', 'ln_bias'],
        output: ['normed'],
        attribute: [onnx.AttributeProto.create({ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: -1 })],
      }),
      onnx.NodeProto.create({ opType: 'MatMul', input: ['normed', 'dense_weight'], output: ['projected'] }),
      onnx.NodeProto.create({ opType: 'Add', input: ['projected', 'dense_bias'], output: ['biased'] }),
      onnx.NodeProto.create({ opType: 'Tanh', input: ['biased'], output: ['last_hidden_state'] }),
    ],
  });
  return modelFile(graph, 'review-search tiny-bert');
}

