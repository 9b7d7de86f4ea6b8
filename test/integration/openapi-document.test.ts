import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestStack, testConfig, type TestStack } from '../support/stack';

const ROOT = path.resolve(__dirname, '../..');

interface LintReport {
  totals: { errors: number; warnings: number };
  problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
}

/** Redocly CLI's lint of `document` with the repository's rules (redocly.yaml), as its JSON report. */
function lint(document: unknown): LintReport {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'review-search-lint-'));
  const file = path.join(folder, 'openapi.json');
  fs.writeFileSync(file, JSON.stringify(document));
  try {
    const run = spawnSync(path.join(ROOT, 'node_modules/.bin/redocly'), ['lint', file, '--format=json', '--config', path.join(ROOT, 'redocly.yaml')], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    });
    if (!run.stdout.trim().startsWith('{')) throw new Error(`redocly lint gave no JSON report (status ${run.status}): ${run.stderr.slice(0, 500)}`);
    return JSON.parse(run.stdout) as LintReport;
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

describe('the OpenAPI document (/openapi.json)', () => {
  let stack: TestStack;
  let document: any;

  beforeAll(async () => {
    stack = await startTestStack(testConfig(), { workers: false });
    document = (await stack.get('/openapi.json')).body;
  });
  afterAll(() => stack.close());

  it("passes Redocly's recommended rules with no error and no warning", () => {
    const report = lint(document);
    expect(report.problems.map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('the same lint reports a broken document (a reference to no schema, an operation id used twice)', () => {
    const broken = structuredClone(document);
    broken.paths['/search'].post.responses['200'].content['application/json'].schema = { $ref: '#/components/schemas/NoSuchAnswer' };
    broken.paths['/healthz'].get.operationId = broken.paths['/search'].post.operationId;
    const report = lint(broken);
    expect(report.totals.errors).toBeGreaterThanOrEqual(2);
    const errors = report.problems.filter((p) => p.severity === 'error').map((p) => p.ruleId);
    expect(errors).toEqual(expect.arrayContaining(['no-unresolved-refs', 'operation-operationId-unique']));
  });

  it('describes every answer: each route its success body (or content types) and every error status with the error body', () => {
    const problems: string[] = [];
    for (const [route, methods] of Object.entries<Record<string, any>>(document.paths)) {
      for (const [method, op] of Object.entries<any>(methods)) {
        const statuses = Object.keys(op.responses);
        const successes = statuses.filter((s) => s.startsWith('2'));
        if (successes.length !== 1) problems.push(`${method} ${route}: ${successes.length} successes`);
        const success = op.responses[successes[0]!];
        if (successes[0] !== '204' && !Object.values<any>(success.content ?? {}).every((c) => c.schema && Object.keys(c.schema).length > 0)) {
          problems.push(`${method} ${route}: a success without a schema`);
        }
        for (const status of statuses.filter((s) => Number(s) >= 400)) {
          const schema = op.responses[status].content?.['application/json']?.schema;
          const expected = route === '/readyz' && status === '503' ? '#/components/schemas/Readiness' : '#/components/schemas/Error';
          if (schema?.$ref !== expected) problems.push(`${method} ${route} ${status}: ${JSON.stringify(schema)}`);
        }
        if (!statuses.includes('500')) problems.push(`${method} ${route}: no 500`);
      }
    }
    expect(problems).toEqual([]);
    expect(Object.keys(document.paths['/ingest'].post.responses)).toEqual(['202', '400', '401', '404', '408', '409', '413', '415', '431', '500', '503']);
    expect(document.components.schemas.IngestProgress.properties.percent).toEqual({ type: 'number', minimum: 0, maximum: 100 });
    expect(document.components.schemas.Review.properties.reviewText).toMatchObject({ type: 'string' });
  });
});
