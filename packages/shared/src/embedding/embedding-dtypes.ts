import type { DataType } from '@huggingface/transformers';

/**
 * The weights a transformers.js model is loaded with (`EMBEDDING_DTYPE`), each
 * read from its own file: `onnx/model<suffix>.onnx`, the suffixes of
 * transformers.js 4.3.2 (`DEFAULT_DTYPE_SUFFIX_MAPPING`). `fp32` is the
 * exported model, `q8` (`_quantized`) its int8 dynamic quantization.
 */
export const EMBEDDING_DTYPE_SUFFIXES = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  q4f16: '_q4f16',
  q2: '_q2',
  q2f16: '_q2f16',
  q1: '_q1',
  q1f16: '_q1f16',
  bnb4: '_bnb4',
} as const satisfies Record<Exclude<DataType, 'auto'>, string>;

export type EmbeddingDtype = keyof typeof EMBEDDING_DTYPE_SUFFIXES;

export const EMBEDDING_DTYPES = Object.keys(EMBEDDING_DTYPE_SUFFIXES) as [EmbeddingDtype, ...EmbeddingDtype[]];

/** The ONNX file a model directory (or hub repository) must hold for `dtype`. */
export function embeddingModelFile(dtype: EmbeddingDtype): string {
  return `onnx/model${EMBEDDING_DTYPE_SUFFIXES[dtype]}.onnx`;
}
