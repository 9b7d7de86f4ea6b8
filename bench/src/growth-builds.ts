/**
 * What the growth study builds and how it searches each build: Qdrant's
 * default HNSW, a tuned HNSW, and the default HNSW over int8 scalar
 * quantization (quantized vectors in RAM, originals on disk).
 */
import type { Schemas } from '@qdrant/js-client-rest';

export interface GrowthSearch {
  label: string;
  params: Schemas['SearchParams'];
}

export interface GrowthBuild {
  key: 'default' | 'tuned' | 'int8';
  label: string;
  hnsw: { m: number; ef_construct: number };
  /** Original vectors on disk (memory-mapped) rather than in RAM. */
  vectorsOnDisk: boolean;
  quantization?: Schemas['QuantizationConfig'];
  searches: GrowthSearch[];
}

export const BUILDS: GrowthBuild[] = [
  {
    key: 'default',
    label: 'default HNSW (m 16, ef_construct 100)',
    hnsw: { m: 16, ef_construct: 100 },
    vectorsOnDisk: false,
    searches: [
      { label: 'hnsw_ef default (= ef_construct, 100)', params: {} },
      { label: 'hnsw_ef 64', params: { hnsw_ef: 64 } },
      { label: 'hnsw_ef 128', params: { hnsw_ef: 128 } },
      { label: 'hnsw_ef 256', params: { hnsw_ef: 256 } },
    ],
  },
  {
    key: 'int8',
    label: 'default HNSW + int8 scalar quantization (always_ram, originals on disk)',
    hnsw: { m: 16, ef_construct: 100 },
    vectorsOnDisk: true,
    quantization: { scalar: { type: 'int8', always_ram: true } },
    searches: [
      { label: 'no rescore', params: { quantization: { rescore: false } } },
      { label: 'rescore, oversampling 1', params: { quantization: { rescore: true } } },
      { label: 'rescore, oversampling 2', params: { quantization: { rescore: true, oversampling: 2 } } },
    ],
  },
  {
    key: 'tuned',
    label: 'tuned HNSW (m 32, ef_construct 256)',
    hnsw: { m: 32, ef_construct: 256 },
    vectorsOnDisk: false,
    searches: [
      { label: 'hnsw_ef default (= ef_construct, 256)', params: {} },
      { label: 'hnsw_ef 128', params: { hnsw_ef: 128 } },
    ],
  },
];
