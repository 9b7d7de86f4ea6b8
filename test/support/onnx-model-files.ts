/** Small helpers for the generated test models: JSON files, ONNX tensors and graph inputs/outputs, a seeded PRNG. */
import fs from 'node:fs';
import path from 'node:path';
import { onnx } from 'onnx-proto';

export function writeJson(directory: string, name: string, value: unknown): void {
  fs.writeFileSync(path.join(directory, name), JSON.stringify(value, null, 1));
}

export function floatTensor(name: string, dims: number[], values: number[]): onnx.TensorProto {
  return onnx.TensorProto.create({ name, dims, dataType: onnx.TensorProto.DataType.FLOAT, floatData: values });
}

/** A graph input or output; numeric dims are fixed, others are named (symbolic). */
export function valueInfo(name: string, elemType: number, dims: string[]): onnx.ValueInfoProto {
  return onnx.ValueInfoProto.create({
    name,
    type: { tensorType: { elemType, shape: { dim: dims.map((d) => (/^\d+$/.test(d) ? { dimValue: Number(d) } : { dimParam: d })) } } },
  });
}

/** An ONNX model file (IR 8, opset 17) around `graph`. */
export function modelFile(graph: onnx.GraphProto, producer: string): Uint8Array {
  return onnx.ModelProto.encode(onnx.ModelProto.create({ irVersion: 8, producerName: producer, opsetImport: [{ domain: '', version: 17 }], graph })).finish();
}

/** A small seeded PRNG, so the same seed writes the same weights. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` uniform values in [-scale, scale]. */
export function randomFloats(random: () => number, n: number, scale: number): number[] {
  return Array.from({ length: n }, () => (random() * 2 - 1) * scale);
}
