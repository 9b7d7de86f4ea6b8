/**
 * Search cost and quality of one build: queries one at a time straight to
 * Qdrant (REST, from this process), latency at the client, recall@10 against
 * the exact top 10 (a full scan, `exact: true`).
 */
import type { QdrantClient, Schemas } from '@qdrant/js-client-rest';
import { COLLECTION } from './growth-collection';
import { round } from './ingest-bench';
import { vectorAt, type VectorSet } from './growth-vectors';

export const TOP = 10;
const WARM_UP = 20;

export interface SearchFigures {
  p50: number;
  p99: number;
  /** Mean share of the exact top 10 found; undefined for the exact search itself. */
  recall?: number;
}

export interface ExactNeighbours {
  ids: number[][];
  figures: SearchFigures;
}

export async function exactNeighbours(client: QdrantClient, queries: VectorSet): Promise<ExactNeighbours> {
  const { ids, times } = await timedQueries(client, queries, { exact: true });
  return { ids, figures: percentiles(times) };
}

export async function searchFigures(client: QdrantClient, queries: VectorSet, params: Schemas['SearchParams'], exact: ExactNeighbours): Promise<SearchFigures> {
  const { ids, times } = await timedQueries(client, queries, params);
  const found = ids.map((hits, q) => hits.filter((id) => exact.ids[q]!.includes(id)).length / TOP);
  return { ...percentiles(times), recall: round(found.reduce((a, b) => a + b, 0) / found.length, 3) };
}

async function timedQueries(client: QdrantClient, queries: VectorSet, params: Schemas['SearchParams']) {
  const search = (q: number) =>
    client.query(COLLECTION, { query: Array.from(vectorAt(queries, q)), limit: TOP, params, with_payload: false });
  for (let q = 0; q < Math.min(WARM_UP, queries.count); q += 1) await search(q);
  const ids: number[][] = [];
  const times: number[] = [];
  for (let q = 0; q < queries.count; q += 1) {
    const started = performance.now();
    const { points } = await search(q);
    times.push(performance.now() - started);
    ids.push(points.map((point) => Number(point.id)));
  }
  return { ids, times };
}

function percentiles(times: number[]): SearchFigures {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: round(sorted[Math.floor(sorted.length / 2)]!, 2), p99: round(sorted[Math.floor(sorted.length * 0.99)]!, 2) };
}
