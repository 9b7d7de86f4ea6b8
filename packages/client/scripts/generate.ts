/**
 * Writes the client's types from the API's OpenAPI document, as the API
 * serves it (through JSON, as GET /openapi.json sends it). Run by
 * `pnpm client:generate`, after the API is built.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openApiDocument } from '@review-search/api';
import { API_TYPES_FILE, apiTypesSource } from './api-types';

async function main(): Promise<void> {
  const served = JSON.parse(JSON.stringify(openApiDocument())) as Record<string, unknown>;
  const file = path.resolve(__dirname, '../../..', API_TYPES_FILE);
  fs.writeFileSync(file, await apiTypesSource(served));
  console.log(`wrote ${API_TYPES_FILE}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
