/**
 * A model directory with all-MiniLM-L6-v2's exact architecture (BERT: 6 layers,
 * hidden 384, 12 heads, intermediate 1536, 512 positions) and its real tokenizer
 * and config files, but seeded random weights: the default model's true speed
 * through the same transformers.js path, without its weights (which cannot be
 * downloaded everywhere). Speed only: its vectors mean nothing.
 *
 * Options: `quantized` also writes `onnx/model_quantized.onnx` (what
 * EMBEDDING_DTYPE=q8 loads), the same weights with every dense MatMul
 * dynamically quantized to int8 as ONNX Runtime's quantizer does;
 * `sentenceBertConfig` copies `sentence_bert_config.json` (window 256, as the
 * model's authors run it) — without it the window is the tokenizer's 512.
 */
import fs from 'node:fs';
import path from 'node:path';
import { onnx } from 'onnx-proto';
import { modelFile, mulberry32, valueInfo } from '../../test/support/onnx-model-files';
import { quantizedDense } from '../../test/support/onnx-quantized';

const SHARED = path.resolve(__dirname, '../../../shared/models/all-MiniLM-L6-v2');
const FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'vocab.txt'];

export function miniLmSourceAvailable(): boolean {
  return FILES.every((file) => fs.existsSync(path.join(SHARED, file)));
}

export interface RandomMiniLmOptions {
  /** Also write onnx/model_quantized.onnx (int8 dynamic quantization of every dense layer). */
  quantized?: boolean;
  /** Copy sentence_bert_config.json (max_seq_length 256); without it the window is the tokenizer's 512. */
  sentenceBertConfig?: boolean;
}

/** Writes the model into `directory`; a file an option leaves out is removed, so a reused directory is what was asked. */
export function writeRandomMiniLm(directory: string, seed = 1, options: RandomMiniLmOptions = {}): void {
  fs.mkdirSync(path.join(directory, 'onnx'), { recursive: true });
  for (const file of FILES) fs.copyFileSync(path.join(SHARED, file), path.join(directory, file));
  const sentenceBert = path.join(directory, 'sentence_bert_config.json');
  if (options.sentenceBertConfig) fs.copyFileSync(path.join(SHARED, 'sentence_bert_config.json'), sentenceBert);
  else fs.rmSync(sentenceBert, { force: true });
  const config = JSON.parse(fs.readFileSync(path.join(SHARED, 'config.json'), 'utf8'));
  fs.writeFileSync(path.join(directory, 'onnx', 'model.onnx'), bertBytes(config, seed, false));
  const quantized = path.join(directory, 'onnx', 'model_quantized.onnx');
  if (options.quantized) fs.writeFileSync(quantized, bertBytes(config, seed, true));
  else fs.rmSync(quantized, { force: true });
}

interface BertConfig {
  vocab_size: number;
  hidden_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  intermediate_size: number;
  max_position_embeddings: number;
  type_vocab_size: number;
}

function bertBytes(c: BertConfig, seed: number, quantized: boolean): Uint8Array {
  const random = mulberry32(seed);
  const H = c.hidden_size;
  const heads = c.num_attention_heads;
  const initializers: onnx.TensorProto[] = [];
  const nodes: onnx.NodeProto[] = [];
  let counter = 0;
  const name = (base: string) => `${base}_${counter++}`;
  const randomValues = (dims: number[], scale: number) => {
    const values = new Float32Array(dims.reduce((a, b) => a * b, 1));
    for (let i = 0; i < values.length; i += 1) values[i] = (random() * 2 - 1) * scale;
    return values;
  };
  const weights = (label: string, dims: number[], scale = 0.05) => constant(label, dims, randomValues(dims, scale));
  const constant = (label: string, dims: number[], values: Float32Array) => {
    const tensorName = name(label);
    initializers.push(onnx.TensorProto.create({ name: tensorName, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: new Uint8Array(values.buffer) }));
    return tensorName;
  };
  const ints = (label: string, values: number[]) => {
    const tensorName = name(label);
    initializers.push(onnx.TensorProto.create({ name: tensorName, dims: [values.length], dataType: onnx.TensorProto.DataType.INT64, int64Data: values }));
    return tensorName;
  };
  const scalar = (label: string, value: number, type: 'float' | 'int64') => {
    const tensorName = name(label);
    initializers.push(
      type === 'float'
        ? onnx.TensorProto.create({ name: tensorName, dims: [], dataType: onnx.TensorProto.DataType.FLOAT, floatData: [value] })
        : onnx.TensorProto.create({ name: tensorName, dims: [], dataType: onnx.TensorProto.DataType.INT64, int64Data: [value] }),
    );
    return tensorName;
  };
  const op = (opType: string, inputs: string[], attributes: Record<string, number | number[]> = {}) => {
    const output = name(opType.toLowerCase());
    nodes.push(
      onnx.NodeProto.create({
        opType,
        input: inputs,
        output: [output],
        attribute: Object.entries(attributes).map(([key, value]) =>
          Array.isArray(value)
            ? onnx.AttributeProto.create({ name: key, type: onnx.AttributeProto.AttributeType.INTS, ints: value })
            : onnx.AttributeProto.create({ name: key, type: onnx.AttributeProto.AttributeType.INT, i: value }),
        ),
      }),
    );
    return output;
  };
  const ones = (n: number) => new Float32Array(n).fill(1);
  const layerNorm = (x: string) => op('LayerNormalization', [x, constant('ln_scale', [H], ones(H)), constant('ln_bias', [H], new Float32Array(H))], { axis: -1 });
  const dense = (x: string, inDim: number, outDim: number) => {
    const w = randomValues([inDim, outDim], 0.05);
    const b = randomValues([outDim], 0.01);
    if (!quantized) return op('Add', [op('MatMul', [x, constant('w', [inDim, outDim], w)]), constant('b', [outDim], b)]);
    const layer = quantizedDense(name('dense'), x, w, b, [inDim, outDim]);
    initializers.push(...layer.initializers);
    nodes.push(...layer.nodes);
    return layer.output;
  };

  // Embeddings: words + positions + token types, then layer norm.
  const length = op('Gather', [op('Shape', ['input_ids']), scalar('one', 1, 'int64')], { axis: 0 });
  const positions = op('Range', [scalar('zero', 0, 'int64'), length, scalar('step', 1, 'int64')]);
  let x = op('Add', [
    op('Add', [op('Gather', [weights('word_embeddings', [c.vocab_size, H]), 'input_ids']), op('Gather', [weights('position_embeddings', [c.max_position_embeddings, H]), positions])]),
    op('Gather', [weights('token_type_embeddings', [c.type_vocab_size, H]), 'token_type_ids']),
  ]);
  x = layerNorm(x);
  // Attention mask -> additive bias [batch, 1, 1, seq].
  const maskFloat = op('Cast', ['attention_mask'], { to: onnx.TensorProto.DataType.FLOAT });
  const maskBias = op('Unsqueeze', [op('Mul', [op('Sub', [scalar('one_f', 1, 'float'), maskFloat]), scalar('neg', -10000, 'float')]), ints('axes', [1, 2])]);
  const splitHeads = ints('split_shape', [0, 0, heads, H / heads]);
  const mergeHeads = ints('merge_shape', [0, 0, H]);
  const scale = scalar('scale', 1 / Math.sqrt(H / heads), 'float');
  for (let layer = 0; layer < c.num_hidden_layers; layer += 1) {
    const q = op('Transpose', [op('Reshape', [dense(x, H, H), splitHeads])], { perm: [0, 2, 1, 3] });
    const k = op('Transpose', [op('Reshape', [dense(x, H, H), splitHeads])], { perm: [0, 2, 3, 1] });
    const v = op('Transpose', [op('Reshape', [dense(x, H, H), splitHeads])], { perm: [0, 2, 1, 3] });
    const scores = op('Add', [op('Mul', [op('MatMul', [q, k]), scale]), maskBias]);
    const context = op('Reshape', [op('Transpose', [op('MatMul', [op('Softmax', [scores], { axis: -1 }), v])], { perm: [0, 2, 1, 3] }), mergeHeads]);
    x = layerNorm(op('Add', [dense(context, H, H), x]));
    const inner = dense(x, H, c.intermediate_size);
    const gelu = op('Mul', [op('Mul', [inner, scalar('half', 0.5, 'float')]), op('Add', [op('Erf', [op('Div', [inner, scalar('sqrt2', Math.SQRT2, 'float')])]), scalar('one_g', 1, 'float')])]);
    x = layerNorm(op('Add', [dense(gelu, c.intermediate_size, H), x]));
  }
  nodes.push(onnx.NodeProto.create({ opType: 'Identity', input: [x], output: ['last_hidden_state'] }));
  const INT64 = onnx.TensorProto.DataType.INT64;
  const graph = onnx.GraphProto.create({
    name: 'minilm-random',
    input: ['input_ids', 'attention_mask', 'token_type_ids'].map((input) => valueInfo(input, INT64, ['batch_size', 'sequence_length'])),
    output: [valueInfo('last_hidden_state', onnx.TensorProto.DataType.FLOAT, ['batch_size', 'sequence_length', String(H)])],
    initializer: initializers,
    node: nodes,
  });
  return modelFile(graph, 'review-search minilm-random');
}
