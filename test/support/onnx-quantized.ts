/**
 * ONNX Runtime's dynamic quantization of a dense layer, node for node as its
 * quantizer (`quantize_dynamic`, what transformers.js's `model_quantized.onnx`
 * files come from) writes it: the activations are quantized at run time
 * (DynamicQuantizeLinear -> uint8, scale, zero point), multiplied by the 8-bit
 * weights (MatMulInteger -> int32), cast to float, scaled by activation scale x
 * weight scale, and the float bias added.
 */
import { onnx } from 'onnx-proto';

export type WeightType = 'int8' | 'uint8';

/** Weights quantized per tensor: int8 symmetric (zero point 0), uint8 asymmetric over [min, max] (0 included). */
export function quantizeWeights(values: ArrayLike<number>, type: WeightType): { data: Int8Array | Uint8Array; scale: number; zeroPoint: number } {
  // Loops, not Math.max(...values): a MiniLM layer holds 589,824 weights.
  let low = 0;
  let high = 0;
  for (let i = 0; i < values.length; i += 1) {
    low = Math.min(low, values[i]!);
    high = Math.max(high, values[i]!);
  }
  const clamp = (value: number, min: number, max: number) => Math.max(min, Math.min(max, value));
  if (type === 'int8') {
    const scale = Math.max(-low, high) / 127 || 1;
    return { data: Int8Array.from(values, (v) => clamp(Math.round(v / scale), -127, 127)), scale, zeroPoint: 0 };
  }
  const scale = (high - low) / 255 || 1;
  const zeroPoint = Math.round(-low / scale);
  return { data: Uint8Array.from(values, (v) => clamp(Math.round(v / scale) + zeroPoint, 0, 255)), scale, zeroPoint };
}

export interface QuantizedDense {
  nodes: onnx.NodeProto[];
  initializers: onnx.TensorProto[];
  /** The name of its float output. */
  output: string;
}

/**
 * `input` [.., inDim] x `weights` [inDim, outDim] (row-major) + `bias` [outDim],
 * quantized dynamically. `name` prefixes every node and tensor it adds.
 */
export function quantizedDense(
  name: string,
  input: string,
  weights: ArrayLike<number>,
  bias: ArrayLike<number>,
  [inDim, outDim]: [number, number],
  type: WeightType = 'int8',
): QuantizedDense {
  const { data, scale, zeroPoint } = quantizeWeights(weights, type);
  const T = onnx.TensorProto.DataType;
  const weightType = type === 'int8' ? T.INT8 : T.UINT8;
  const zeroPointBytes = type === 'int8' ? new Uint8Array(Int8Array.of(zeroPoint).buffer) : Uint8Array.of(zeroPoint);
  const n = (suffix: string) => `${name}_${suffix}`;
  const node = (opType: string, inputs: string[], outputs: string[], to?: number) =>
    onnx.NodeProto.create({
      name: `${outputs[0]}_${opType}`,
      opType,
      input: inputs,
      output: outputs,
      attribute: to === undefined ? [] : [onnx.AttributeProto.create({ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: to })],
    });
  return {
    initializers: [
      onnx.TensorProto.create({ name: n('W_quantized'), dims: [inDim, outDim], dataType: weightType, rawData: new Uint8Array(data.buffer) }),
      onnx.TensorProto.create({ name: n('W_scale'), dims: [], dataType: T.FLOAT, floatData: [scale] }),
      onnx.TensorProto.create({ name: n('W_zero_point'), dims: [], dataType: weightType, rawData: zeroPointBytes }),
      onnx.TensorProto.create({ name: n('bias'), dims: [outDim], dataType: T.FLOAT, rawData: new Uint8Array(Float32Array.from(bias).buffer) }),
    ],
    nodes: [
      node('DynamicQuantizeLinear', [input], [n('input_quantized'), n('input_scale'), n('input_zero_point')]),
      node('MatMulInteger', [n('input_quantized'), n('W_quantized'), n('input_zero_point'), n('W_zero_point')], [n('MatMulInteger_output')]),
      node('Cast', [n('MatMulInteger_output')], [n('MatMulInteger_output_cast')], T.FLOAT),
      node('Mul', [n('input_scale'), n('W_scale')], [n('scales')]),
      node('Mul', [n('MatMulInteger_output_cast'), n('scales')], [n('MatMul_output')]),
      node('Add', [n('MatMul_output'), n('bias')], [n('output')]),
    ],
    output: n('output'),
  };
}
