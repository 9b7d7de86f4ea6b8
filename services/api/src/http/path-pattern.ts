/**
 * A documented path (`/reviews/{id}`) as a pattern matching the request paths
 * Express routes to it: a parameter is one segment, case does not matter, a
 * trailing slash is allowed.
 */
export function pathPattern(path: string): RegExp {
  return new RegExp(`^${path.split(/\{\w+\}/).map(escape).join('[^/]+')}/?$`, 'i');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
