/** Projection pool thread (piscina): projects the vectors of one task and returns the coordinates. */
import { projectVectors } from './projection-methods';
import type { ProjectionTask } from './projection-pool';

export default function project({ method, vectors, seed }: ProjectionTask): [number, number][] {
  return projectVectors(method, vectors, seed);
}
