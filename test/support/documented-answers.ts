import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { openApiDocument } from '@review-search/api';
import { isJsonType } from './json-type';

/** One answer of the API, as a test received it. */
export interface ApiAnswer {
  method: string;
  /** Path and query exactly as sent (`/reviews/abc/similar?limit=3`), or a full URL. */
  url: string;
  status: number;
  /** The `content-type` header, '' when there is none. */
  contentType: string;
  /** The body's text; undefined when it was not read (answers in types other than JSON). */
  body?: string;
}

/** What is wrong with an answer by the document, in words; empty when it fits. */
export type AnswerCheck = (answer: ApiAnswer) => string[];

interface MediaType {
  schema?: object;
}
interface DocumentedResponse {
  content?: Record<string, MediaType>;
}
interface DocumentedOperation {
  responses?: Record<string, DocumentedResponse>;
}
/** The parts of an OpenAPI 3.1 document the check reads. */
export interface AnswerDocument {
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, object> };
}

const COMPONENTS = '#/components/schemas/';

/**
 * `schema` ready to compile on its own: its references to the document's
 * component schemas (`#/components/schemas/Review`) point at the same schemas
 * carried in its `$defs`, since a reference resolves against the schema compiled.
 */
function standalone(schema: object, components: Record<string, object>): object {
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, key === '$ref' && typeof inner === 'string' && inner.startsWith(COMPONENTS) ? `#/$defs/${inner.slice(COMPONENTS.length)}` : rewrite(inner)]),
    );
  };
  return { ...(rewrite(schema) as object), $defs: rewrite(components) };
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
/** Schema problems listed per answer at most; the rest are counted. */
const MOST_PROBLEMS = 10;

/**
 * A check of answers against `document`'s responses: the path matched to a
 * path template (`/reviews/{id}/similar`), then the status must be one the
 * operation documents (exactly, as `4XX`, or as `default`), the content type one
 * that status documents, and a JSON body must fit its schema (JSON Schema
 * 2020-12, formats included). Each schema is compiled the first time it is needed.
 *
 * Requests that are no operation of the document are not checked: a path no
 * template matches (the page at `/`, `/admin/queues`, and the 404 of an unknown
 * route), or a method the path does not document (the 405 of a known path).
 */
export function answerCheck(document: AnswerDocument): AnswerCheck {
  const ajv = new Ajv2020({
    allErrors: true,
    // Unknown keywords still throw; how a schema is written (types, tuples, required) is the document's own lint, not the answer's.
    strict: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
  });
  addFormats(ajv);
  // OpenAPI's own schema keywords: annotations for the check.
  ajv.addVocabulary(['discriminator', 'xml', 'externalDocs', 'example']);
  const templates = pathTemplates(Object.keys(document.paths));
  const validators = new Map<string, ValidateFunction>();

  return (answer) => {
    const path = pathOf(answer.url);
    const template = templates.find((candidate) => candidate.pattern.test(path))?.template;
    const method = answer.method.toLowerCase();
    const methods = template === undefined ? undefined : document.paths[template]!;
    if (!methods || !METHODS.includes(method) || !Object.hasOwn(methods, method)) return [];
    const operation = methods[method] as DocumentedOperation;
    const responses = operation.responses ?? {};
    const statusKey = [String(answer.status), `${String(answer.status)[0]}XX`, 'default'].find((key) => key in responses);
    if (statusKey === undefined) {
      const documentedStatuses = Object.keys(responses).join(', ');
      return [`status ${answer.status} is not documented for ${method.toUpperCase()} ${template} (documented: ${documentedStatuses})${excerpt(answer.body)}`];
    }
    const content = responses[statusKey]!.content;
    const mediaType = answer.contentType.split(';')[0]!.trim().toLowerCase();
    if (!content || Object.keys(content).length === 0) {
      return mediaType || answer.body ? [`status ${statusKey} documents no body, the answer has one in '${answer.contentType}'`] : [];
    }
    const mediaKey = mediaKeyFor(mediaType, Object.keys(content));
    if (mediaKey === undefined) {
      return [`content type '${answer.contentType}' is not documented for status ${statusKey} (documented: ${Object.keys(content).join(', ')})`];
    }
    const schema = content[mediaKey]!.schema;
    if (!schema || answer.body === undefined || !isJsonType(mediaType)) return [];
    let body: unknown;
    try {
      body = JSON.parse(answer.body);
    } catch {
      return [`the body is not JSON though typed '${answer.contentType}'${excerpt(answer.body)}`];
    }
    const key = `${method} ${template} ${statusKey} ${mediaKey}`;
    let validate = validators.get(key);
    if (!validate) {
      validate = ajv.compile(standalone(schema, document.components?.schemas ?? {}));
      validators.set(key, validate);
    }
    return validate(body) ? [] : schemaProblems(validate.errors ?? []);
  };
}

let documented: AnswerCheck | undefined;

/** What is wrong with an answer by the document `GET /openapi.json` serves (compiled on first use, once per test file). */
export function answerViolations(answer: ApiAnswer): string[] {
  documented ??= answerCheck(openApiDocument() as unknown as AnswerDocument);
  return documented(answer);
}

/** The path of a URL, or of a path and query as sent (kept raw: the server routes `/reviews/..` as given). */
export function pathOf(url: string): string {
  if (url.startsWith('/')) return url.split(/[?#]/)[0]!;
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/** Templates as patterns, those with fewer parameters first (`/search/compare` before a `/search/{x}`). */
function pathTemplates(paths: string[]): { template: string; pattern: RegExp }[] {
  const parameters = (template: string) => template.split('{').length;
  return [...paths]
    .sort((a, b) => parameters(a) - parameters(b))
    .map((template) => {
      const source = template
        .split(/\{[^}]+\}/)
        .map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]+');
      // Like the API's router, a trailing slash is optional.
      return { template, pattern: new RegExp(`^${source}/?$`) };
    });
}

/** The documented media type an answer's type falls under: itself, `type/*`, or `*\/*`. */
function mediaKeyFor(mediaType: string, documented: string[]): string | undefined {
  const wanted = [mediaType, `${mediaType.split('/')[0]}/*`, '*/*'];
  return wanted.map((candidate) => documented.find((key) => key.toLowerCase() === candidate)).find(Boolean);
}

function schemaProblems(errors: ErrorObject[]): string[] {
  const problems = [...new Set(errors.map(problem))];
  if (problems.length <= MOST_PROBLEMS) return problems;
  return [...problems.slice(0, MOST_PROBLEMS), `and ${problems.length - MOST_PROBLEMS} more schema problems`];
}

function problem(error: ErrorObject): string {
  const at = error.instancePath || '/';
  const field = error.params as { additionalProperty?: string; unevaluatedProperty?: string };
  if (error.keyword === 'additionalProperties') return `undocumented field '${field.additionalProperty}' at ${at}`;
  if (error.keyword === 'unevaluatedProperties') return `undocumented field '${field.unevaluatedProperty}' at ${at}`;
  return `${error.message ?? error.keyword} at ${at}`;
}

function excerpt(body: string | undefined): string {
  return body ? `: ${JSON.stringify(body.slice(0, 160))}` : '';
}
