/** A request refused before any route ran: its status, a reason in plain words, and what is useful to know. */
export interface HttpRefusal {
  status: number;
  message: string;
  details: Record<string, unknown> | null;
}

/** Reasons for the errors Express's body parser raises, by their `type`. */
const BODY_REASONS: Record<string, string> = {
  'entity.parse.failed': 'the request body is not valid JSON',
  'encoding.unsupported': 'the request body has a Content-Encoding the API does not read (send identity, gzip, deflate or br)',
  'charset.unsupported': 'the request body has a charset the API does not read (send UTF-8 JSON)',
  'request.aborted': 'the request was aborted before its body arrived',
  'request.size.invalid': 'the request body is not as long as its Content-Length says',
};

/**
 * The errors Express raises on a request it cannot read (a body that is not
 * JSON, too large, badly compressed; a path that is not valid
 * percent-encoding), as a 4xx with a plain reason. Their own messages are not
 * echoed: they may hold library internals.
 */
export function httpError(error: unknown): HttpRefusal | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, type, expose, name, limit } = error as { status?: unknown; type?: unknown; expose?: unknown; name?: unknown; limit?: unknown };
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  if (name === 'URIError') return { status: 400, message: 'the request path is not valid percent-encoding', details: null };
  if (type === 'entity.too.large') {
    return { status, message: `the request body is too large: at most ${String(limit)} bytes of JSON`, details: { limit } };
  }
  if (typeof type === 'string') return { status, message: BODY_REASONS[type] ?? 'the request body cannot be read', details: null };
  // A decompression error (zlib), given a status by the body parser.
  if (expose === true) return { status, message: 'the request body cannot be read (is its Content-Encoding right?)', details: null };
  return undefined;
}
