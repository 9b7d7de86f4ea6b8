import type { RawAnswer } from './raw-http';

/** Text that only an internal error would show: stack frames, source paths, error class names. */
const INTERNALS = [
  /^\s*at .+(:\d+:\d+\)?|<anonymous>\)?)$/m,
  /[\\/](node_modules|dist|src)[\\/][^\s"']+\.[cm]?[jt]s\b/,
  /\b(TypeError|ReferenceError|RangeError|SyntaxError|URIError):/,
];

/**
 * What is wrong with an answer to a request the API should refuse or serve:
 * a 5xx, a 4xx that is not `{error: string, details}` in JSON, a success in
 * another type than the route produces, or internals in the body. Empty when
 * the answer is fine.
 */
export function answerProblems(answer: RawAnswer, options: { produces?: string } = {}): string[] {
  const problems: string[] = [];
  const excerpt = JSON.stringify(answer.text.slice(0, 300));
  if (answer.status < 200 || answer.status >= 500) problems.push(`status ${answer.status}: ${excerpt}`);
  if (answer.status >= 400) {
    if (!answer.contentType.startsWith('application/json')) problems.push(`a ${answer.status} in '${answer.contentType}', not JSON: ${excerpt}`);
    const body = answer.json as { error?: unknown } | undefined;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) problems.push(`a ${answer.status} whose body is not a JSON object: ${excerpt}`);
    else {
      if (typeof body.error !== 'string' || body.error.length === 0) problems.push(`a ${answer.status} without a string 'error': ${excerpt}`);
      if (!Object.hasOwn(body, 'details')) problems.push(`a ${answer.status} without 'details': ${excerpt}`);
    }
  } else if (answer.status >= 200 && answer.status < 300 && answer.status !== 204) {
    const expected = options.produces ?? 'application/json';
    if (!answer.contentType.startsWith(expected)) problems.push(`a ${answer.status} in '${answer.contentType}', not ${expected}`);
  }
  for (const pattern of INTERNALS) {
    if (pattern.test(answer.text)) problems.push(`internals (${pattern}) in the body: ${excerpt}`);
  }
  return problems;
}
