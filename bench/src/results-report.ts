/** bench/RESULTS.md: the figures of one `pnpm bench` run, with the machine, the versions and the command. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GROWTH_RESULTS, GROWTH_TABLE_HEADING } from './growth-report';
import { LANGCHAIN_CHUNK, round, type IngestFigures } from './ingest-bench';
import type { MiniLmRows } from './minilm-rows';
import { ROOT } from './processes';
import type { LoadFigures } from './search-bench';

export interface BenchFigures {
  bare: IngestFigures;
  bareProcesses: IngestFigures & { processes: number };
  miniLm?: MiniLmRows;
  ours: IngestFigures & { memory: { self: number; children: number[] } };
  langchain: IngestFigures | { failed: string };
  bareSearch: { p50: number; p99: number; queries: number };
  load: LoadFigures[];
  apiMemory: { self: number };
  reviews: number;
  /** One-minute load average at the start and at the end of the run. */
  load1: [number, number];
  minutes: number;
}

/** `command`: how the run was started, e.g. `pnpm bench --quick`. */
export function writeResults(command: string, r: BenchFigures): void {
  const at = (c: number) => r.load.find((l) => l.connections === c)!;
  const ratio = (a: number, b: number) => round(a / b, 2);
  const lines = [
    '# Benchmarks',
    '',
    `Run: \`${command}\` on ${new Date().toISOString().slice(0, 16)}Z, ${r.minutes} minutes; ` +
      `load average ${round(r.load1[0], 2)} at the start, ${round(r.load1[1], 2)} at the end. Reproduce with the same command.`,
    '',
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}; ` +
      `Node ${process.version}; Qdrant 1.16.3 (local binary); use-lite (@energetic-ai/embeddings ${version('@energetic-ai/embeddings')}); ` +
      `@huggingface/transformers ${version('@huggingface/transformers')}; bullmq ${version('bullmq')}, @qdrant/js-client-rest ${version('@qdrant/js-client-rest')}, @langchain/qdrant ${version('@langchain/qdrant')}.`,
    '',
    `## Ingest (${r.reviews.toLocaleString('en-US')} reviews, use-lite, same machine, one run)`,
    '',
    '| pipeline | seconds | reviews/s |',
    '|---|---|---|',
    `| a. bare embedder, batches of 64, one process | ${r.bare.seconds} | ${r.bare.perSecond} |`,
    `| a2. bare embedder, batches of 64, ${r.bareProcesses.processes} processes side by side (INGEST_CONCURRENCY): the machine's limit for this model | ${r.bareProcesses.seconds} | ${r.bareProcesses.perSecond} |`,
    `| b. review search: BullMQ, sandboxed embedding (default INGEST_CONCURRENCY=${r.bareProcesses.processes}), upserts | ${round(r.ours.seconds)} | ${round(r.ours.perSecond)} |`,
    'failed' in r.langchain
      ? `| c. ${LANGCHAIN_LABEL} | failed: ${r.langchain.failed} | – |`
      : `| c. ${LANGCHAIN_LABEL} | ${r.langchain.seconds} | ${r.langchain.perSecond} |`,
    '',
    `Ratios: **b/a2 = ${ratio(r.ours.perSecond, r.bareProcesses.perSecond)}** (bar ≥ 0.9: the share of the machine's embedding capacity the pipeline uses), ` +
      `b/a = ${ratio(r.ours.perSecond, r.bare.perSecond)}, ` +
      `**b/c = ${'failed' in r.langchain ? 'n/a (c failed)' : ratio(r.ours.perSecond, r.langchain.perSecond)}** (bar ≥ 1.7).`,
    '',
    `Peak memory (VmHWM) during b: worker ${r.ours.memory.self} MiB, its embedding processes ${r.ours.memory.children.join(' and ')} MiB.`,
    '',
    ...miniLmSection(r.miniLm),
    `## Search (POST /search, the default hybrid search, distinct queries: review titles; ${r.reviews.toLocaleString('en-US')} points)`,
    '',
    `Bare cost in the same run (query embedding + the same hybrid query of Qdrant, called directly, ${r.bareSearch.queries} queries one by one): p50 ${r.bareSearch.p50} ms, p99 ${r.bareSearch.p99} ms.`,
    '',
    '| connections | requests/s | p50 ms | p99 ms | errors | requests |',
    '|---|---|---|---|---|---|',
    ...r.load.map((l) => `| ${l.connections} | ${l.requestsPerSecond} | ${l.p50} | ${l.p99} | ${l.errors} | ${l.requests} |`),
    '',
    `Ratios: **p50 at 1 / bare p50 = ${ratio(at(1).p50, r.bareSearch.p50)}** (bar ≤ 1.2); ` +
      `**requests/s at 8 / at 1 = ${ratio(at(8).requestsPerSecond, at(1).requestsPerSecond)}** (bar ≥ 1.7); ` +
      `errors ${r.load.reduce((sum, l) => sum + l.errors, 0)}. API peak memory: ${r.apiMemory.self} MiB.`,
    '',
    ...growthSection(),
  ];
  fs.writeFileSync(path.join(ROOT, 'bench/RESULTS.md'), lines.join('\n'));
  console.log(lines.join('\n'));
}

const LANGCHAIN_LABEL = `LangChain.js: QdrantVectorStore.fromExistingCollection, addDocuments in chunks of ${LANGCHAIN_CHUNK.toLocaleString('en-US')}, same embedder (batches of 64)`;

function miniLmSection(rows: MiniLmRows | undefined): string[] {
  if (!rows) return ['The MiniLM rows need ../shared/models/all-MiniLM-L6-v2 (tokenizer and config files); it was not there.', ''];
  const { fileOrder: d, bucketed: d1, quantized: d2 } = rows;
  return [
    '## The default model: all-MiniLM-L6-v2 through transformers.js',
    '',
    `Its exact architecture (6 layers, hidden 384, 12 heads) with its real tokenizer and seeded random weights, the same transformers.js path, ` +
      `one process with ${rows.threads} ONNX Runtime threads, batches of 64, the same reviews. Speed only, never quality.`,
    '',
    '| run | seconds | reviews/s |',
    '|---|---|---|',
    `| d. file order, cut at the tokenizer's 512 tokens, fp32 (before) | ${d.seconds} | ${d.perSecond} |`,
    `| d'. grouped by length in windows of ${rows.window.toLocaleString('en-US')} rows, cut at the model's 256, fp32 | ${d1.seconds} | ${d1.perSecond} |`,
    `| d''. as d', int8 weights (EMBEDDING_DTYPE=q8) | ${d2.seconds} | ${d2.perSecond} |`,
    '',
    `Ratios: **d'/d = ${round(d1.perSecond / d.perSecond, 2)}** (bar ≥ 3); d''/d' = ${round(d2.perSecond / d1.perSecond, 2)}.`,
    '',
  ];
}

function version(name: string): string {
  try {
    const candidates = [path.join(ROOT, 'packages/shared/node_modules', name), path.join(ROOT, 'node_modules', name)];
    const dir = candidates.find((candidate) => fs.existsSync(path.join(candidate, 'package.json')))!;
    return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
  } catch {
    return '?';
  }
}

/** The growth table of bench/growth-results.md (`pnpm bench:growth`, a separate run), when there is one. */
function growthSection(): string[] {
  if (!fs.existsSync(GROWTH_RESULTS)) return ['## Growth', '', 'Run `pnpm bench:growth` for search cost at 100k and 1M points.', ''];
  const text = fs.readFileSync(GROWTH_RESULTS, 'utf8');
  const run = /^Run: (.*)$/m.exec(text)?.[1] ?? '';
  const table = text.slice(text.indexOf(GROWTH_TABLE_HEADING) + GROWTH_TABLE_HEADING.length).split(/\n## /)[0]!.trim();
  return [
    '## Growth: 10k to 1M points (from [growth-results.md](growth-results.md))',
    '',
    `A separate run, with how the points are derived, build times and memory: ${run}`,
    '',
    table,
    '',
  ];
}
