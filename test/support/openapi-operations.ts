/** A JSON schema as the API's OpenAPI document writes it (the parts the tests read). */
export interface JsonSchema {
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
}

/** One documented route: what it takes, whether it needs the API key, what it answers. */
export interface Operation {
  /** `post /search`, `get /reviews/{id}`: the key the tests use. */
  key: string;
  method: string;
  path: string;
  pathParams: string[];
  /** The query parameters as one object schema (empty when there are none). */
  query: JsonSchema;
  body?: JsonSchema;
  protected: boolean;
  /** The content type of a success. */
  produces: string;
}

/** Every operation of the API's OpenAPI document (`GET /openapi.json`). */
export function documentedOperations(document: { paths: Record<string, Record<string, any>> }): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const parameters: { name: string; in: string; required: boolean; schema: JsonSchema }[] = op.parameters ?? [];
      const query = parameters.filter((p) => p.in === 'query');
      return {
        key: `${method} ${path}`,
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: {
          type: 'object' as const,
          properties: Object.fromEntries(query.map((p) => [p.name, p.schema])),
          required: query.filter((p) => p.required).map((p) => p.name),
        },
        body: op.requestBody?.content?.['application/json']?.schema,
        protected: Array.isArray(op.security) && op.security.length > 0,
        produces: Object.keys(successOf(op)?.content ?? { 'application/json': {} })[0]!,
      };
    }),
  );
}

/** The operation's success answer (its one 2xx). */
function successOf(op: { responses?: Record<string, { content?: Record<string, unknown> }> }) {
  return Object.entries(op.responses ?? {}).find(([status]) => status.startsWith('2'))?.[1];
}

/** A schema with its `$ref` (to the document's components) followed. */
export function resolveSchema(document: { components?: { schemas?: Record<string, JsonSchema> } }, schema: JsonSchema & { $ref?: string }): JsonSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const found = document.components?.schemas?.[name];
  if (!found) throw new Error(`the document has no component schema '${name}' (${schema.$ref})`);
  return resolveSchema(document, found);
}

/** The path of an operation with its parameters filled in (each percent-encoded unless `raw`). */
export function fillPath(operation: Operation, params: Record<string, string>, raw = false): string {
  return operation.path.replace(/\{(\w+)\}/g, (_m, name: string) => (raw ? params[name]! : encodeURIComponent(params[name]!)));
}

/** A query string from string values (arrays repeat the key), `?` included when not empty. */
export function queryString(query: Record<string, string | string[]>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) for (const one of [value].flat()) search.append(name, one);
  const text = search.toString();
  return text ? `?${text}` : '';
}
