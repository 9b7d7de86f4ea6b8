/**
 * What the growth study builds and how it searches each build: Qdrant's
 * default HNSW, int8 scalar quantization switched on over it (a collection
 * update, as on a live collection), and a tuned HNSW built on its own.
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
  /** A change to the build before it in the same group, applied by a collection update, instead of a build of its own. */
  update?: Schemas['UpdateCollection'];
  searches: GrowthSearch[];
}

/** Groups of builds: the first of a group is built from scratch, the others are updates over it. */
export const BUILD_GROUPS: GrowthBuild[][] = [[
  {
    key: 'default',
    label: 'default HNSW (m 16, ef_construct 100)',
    hnsw: { m: 16, ef_construct: 100 },
    searches: [
      { label: 'hnsw_ef default (= ef_construct, 100)', params: {} },
      { label: 'hnsw_ef 64', params: { hnsw_ef: 64 } },
      { label: 'hnsw_ef 128', params: { hnsw_ef: 128 } },
      { label: 'hnsw_ef 256', params: { hnsw_ef: 256 } },
    ],
  },
  {
    key: 'int8',
    label: 'default HNSW + int8 scalar quantization (always_ram)',
    hnsw: { m: 16, ef_construct: 100 },
    update: { quantization_config: { scalar: { type: 'int8', always_ram: true } } },
    searches: [
      { label: "Qdrant's default (rescore with the originals)", params: {} },
      { label: 'no rescore', params: { quantization: { rescore: false } } },
      { label: 'rescore, oversampling 2', params: { quantization: { rescore: true, oversampling: 2 } } },
    ],
  },
], [
  {
    key: 'tuned',
    label: 'tuned HNSW (m 32, ef_construct 256)',
    hnsw: { m: 32, ef_construct: 256 },
    searches: [
      { label: 'hnsw_ef default (= ef_construct, 256)', params: {} },
      { label: 'hnsw_ef 128', params: { hnsw_ef: 128 } },
    ],
  },
]];

export const BUILDS: GrowthBuild[] = BUILD_GROUPS.flat();
