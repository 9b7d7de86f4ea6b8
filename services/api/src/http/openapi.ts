import { z } from 'zod';
import { answerSchemas } from '../answers/answer-schemas';
import { errorAnswer } from '../answers/errors';
import { JSON_BODY_LIMIT } from './json-body';
import { OPERATIONS, type ErrorCase, type Operation } from './operations';

type Json = Record<string, unknown>;

/** The API's version, as its document states it. */
export const API_VERSION = '0.1.0';

const COMPONENTS = '#/components/schemas/';

/** What the statuses every route may answer mean, when its own operation does not say. */
const STATUS_MEANING: Record<number, string> = {
  400: 'Invalid request: each problem with its field in `details`',
  401: 'Missing or wrong API key',
  403: "Not this alias's collection",
  413: `Body larger than ${JSON_BODY_LIMIT} bytes`,
  408: 'The request did not arrive in time (answered by the HTTP server, then the connection closes)',
  415: 'Body not in JSON',
  431: 'The request line and headers are past 16 KB (answered by the HTTP server: send long values in a JSON body)',
  500: 'Internal error (logged; the answer says no more)',
};

const RETRY_AFTER = { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 0 } } };

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests and type answers. */
export function openApiDocument(version = API_VERSION): Json {
  const paths: Record<string, Json> = {};
  for (const op of OPERATIONS) {
    paths[op.path] ??= {};
    paths[op.path]![op.method] = operation(op);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'review search',
      version,
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      description:
        'Semantic search over product reviews. Every error answers `{error, details}` in JSON. Bodies are JSON ' +
        `(415 otherwise) of at most ${JSON_BODY_LIMIT} bytes (413 past it); queries and texts have the lengths below ` +
        '(a longer one is refused with 400 naming the limit, never cut short); a known path asked with another method answers 405.',
    },
    servers: [{ url: '/', description: 'This service' }],
    paths,
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'The API key (API_KEY) as a bearer token' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'The API key (API_KEY)' },
      },
    },
  };
}

function operation(op: Operation): Json {
  const parameters = [...fields(op.params, 'path'), ...fields(op.query, 'query')];
  return {
    summary: op.summary,
    operationId: `${op.method}${op.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
    ...(parameters.length ? { parameters } : {}),
    ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: inputSchema(op.body) } } } } : {}),
    security: op.protected ? [{ bearer: [] }, { apiKey: [] }] : [],
    responses: responses(op),
  };
}

/** Every status the operation may answer, with its body. */
function responses(op: Operation): Json {
  const errors: [number, ErrorCase][] = [];
  if (op.body || op.params || op.query) errors.push([400, STATUS_MEANING[400]!]);
  if (op.protected) errors.push([401, STATUS_MEANING[401]!]);
  if (op.ownCollections) errors.push([403, STATUS_MEANING[403]!]);
  if (op.body) errors.push([413, STATUS_MEANING[413]!], [415, STATUS_MEANING[415]!]);
  errors.push(...Object.entries(op.errors).map(([status, when]) => [Number(status), when] as [number, ErrorCase]));
  errors.push([408, STATUS_MEANING[408]!], [431, STATUS_MEANING[431]!], [500, STATUS_MEANING[500]!]);
  const answers: Json = { [String(op.success.status)]: success(op) };
  for (const [status, when] of errors.sort(([a], [b]) => a - b)) {
    const { description, answer } = typeof when === 'string' ? { description: when, answer: errorAnswer } : when;
    answers[String(status)] = {
      description,
      ...(status === 429 || status === 503 ? { headers: RETRY_AFTER } : {}),
      content: { 'application/json': { schema: reference(answer) } },
    };
  }
  return answers;
}

function success(op: Operation): Json {
  const { description, answer, produces, location } = op.success;
  const content = answer
    ? { 'application/json': { schema: reference(answer) } }
    : produces
      ? Object.fromEntries(produces.map((type) => [type, { schema: { type: 'string' } }]))
      : undefined;
  return {
    description,
    ...(location ? { headers: { Location: { description: 'Where to follow it', schema: { type: 'string' } } } } : {}),
    ...(content ? { content } : {}),
  };
}

/** A named answer, by reference to its component schema. */
function reference(schema: z.ZodType): Json {
  const name = answerSchemas.get(schema)?.id;
  if (!name) throw new Error('an answer schema of the API has no name: declare it with named()');
  return { $ref: `${COMPONENTS}${name}` };
}

/** The named answers as the document's component schemas, each referring to the others it holds. */
function componentSchemas(): Record<string, Json> {
  const { schemas } = z.toJSONSchema(answerSchemas, { io: 'output', unrepresentable: 'any', uri: (id) => `${COMPONENTS}${id}` }) as {
    schemas: Record<string, Json>;
  };
  return Object.fromEntries(Object.entries(schemas).map(([name, { $schema: _schema, $id: _id, ...schema }]) => [name, schema]));
}

function inputSchema(schema: z.ZodType): Json {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  return rest;
}

function fields(schema: z.ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const json = inputSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}
