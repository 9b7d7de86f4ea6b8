import { OPERATIONS } from './operations';
import { pathPattern } from './path-pattern';

/** Each documented path as a pattern (`{name}` is one path segment), with the methods it answers. */
const PATHS = [...new Set(OPERATIONS.map((op) => op.path))].map((path) => ({
  pattern: pathPattern(path),
  methods: OPERATIONS.filter((op) => op.path === path).flatMap((op) => (op.method === 'get' ? ['GET', 'HEAD'] : [op.method.toUpperCase()])),
}));

/** The methods a documented path answers (empty for a path the API does not have). */
export function allowedMethods(path: string): string[] {
  return PATHS.filter(({ pattern }) => pattern.test(path)).flatMap(({ methods }) => methods);
}
