#!/usr/bin/env node
/**
 * `pnpm lint:openapi`: the OpenAPI document the API serves (the same
 * `openApiDocument()`), through Redocly's recommended rules (redocly.yaml).
 * Exits non-zero on any error.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { openApiDocument } = require('../services/api/dist');

const root = path.resolve(__dirname, '..');
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'review-search-openapi-'));
const file = path.join(folder, 'openapi.json');
fs.writeFileSync(file, JSON.stringify(openApiDocument(), null, 2));
const lint = spawnSync(path.join(root, 'node_modules/.bin/redocly'), ['lint', file, '--config', path.join(root, 'redocly.yaml')], {
  stdio: 'inherit',
  env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
});
fs.rmSync(folder, { recursive: true, force: true });
process.exit(lint.status ?? 1);
