/** Worker thread entry: projects the vectors it is given and posts the coordinates back. */
import { parentPort, workerData } from 'node:worker_threads';
import { projectVectors, type ProjectionMethod } from './projection-methods';

const { method, vectors, seed } = workerData as { method: ProjectionMethod; vectors: number[][]; seed: number };
parentPort!.postMessage(projectVectors(method, vectors, seed));
