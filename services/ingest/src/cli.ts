/**
 * `pnpm ingest <source> [--limit N] [--model NAME]`: enqueues an ingest and
 * shows its progress until it ends. A worker (`pnpm start`, or the ingest
 * service) does the work.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { SingleBar } from 'cli-progress';
import {
  assertEmbeddingModel,
  buildCollectionName,
  BullmqIngestQueue,
  checkRedis,
  errorMessage,
  loadConfig,
  qdrantStore,
  sourceLayout,
  upsertTarget,
  type IngestStatus,
  type BuildSchema,
} from '@review-search/shared';
import { mappingFlags, sourceFlags } from './source-flags';

const USAGE =
  'usage: pnpm ingest <source: URL or file: CSV, JSON Lines or Parquet, .gz allowed> [--limit N] [--model NAME] [--collection NAME]\n' +
  '       [--no-activate] [--activate] [--activate-if-better] [--upsert]\n' +
  '       [--text COL[,COL]] [--title COL|none] [--rating COL|none] [--group COL|none] [--id COL[,COL]] [--date COL|none]\n' +
  '       [--keep COL,COL] [--format csv|jsonl|parquet] [--delimiter ,|;|tab|\'|\']\n' +
  '  builds a new collection and makes it live when complete; --collection writes into that collection instead;\n' +
  '  with --limit the build stays inactive unless --activate is given;\n' +
  '  --no-activate leaves the live collection as it is; --activate-if-better makes the build live only if its\n' +
  '  default search measures at least as well as the live build\'s on its held-out title queries;\n' +
  '  --upsert writes into the live build (or --collection) with its model instead: new rows added, changed ones\n' +
  '  replaced, unchanged ones left alone and not embedded again;\n' +
  '  --text, --title, ... name the columns that make a review (left out: the corpus\'s columns when the source has\n' +
  '  them, and every other column kept); --format and --delimiter are detected when left out';

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      limit: { type: 'string' },
      model: { type: 'string' },
      collection: { type: 'string' },
      'no-activate': { type: 'boolean' },
      activate: { type: 'boolean' },
      'activate-if-better': { type: 'boolean' },
      upsert: { type: 'boolean' },
      ...sourceFlags,
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || positionals.length !== 1) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    console.error(`--limit must be a whole number of rows >= 1, got '${values.limit}'`);
    return 2;
  }
  if (values.upsert && (values.activate || values['activate-if-better'])) {
    console.error('--upsert writes into a build as it is: --activate does not apply');
    return 2;
  }
  const flags = mappingFlags(values);
  if ('problem' in flags) {
    console.error(flags.problem);
    return 2;
  }
  if (values.upsert && flags.mapping) {
    console.error("--upsert reads its source with the build's own mapping: leave --text, --title, ... out");
    return 2;
  }
  const config = loadConfig();
  await checkRedis(config);
  const target = values.upsert
    ? await upsertTarget(qdrantStore(config), config.collection, { collection: values.collection, model: values.model })
    : undefined;
  const model = target?.model ?? values.model ?? config.embeddingModel;
  assertEmbeddingModel(model);
  const queue = new BullmqIngestQueue(config.redisUrl, config.queuePrefix);
  try {
    const collection = target?.collection ?? values.collection ?? buildCollectionName(config.collection, model);
    // A partial build (--limit) never replaces the live one unless asked (--activate); an upsert never moves it.
    const activate =
      !target &&
      (values.activate === true || values['activate-if-better'] === true || (!values['no-activate'] && values.collection === undefined && limit === undefined));
    const jobId = await queue.enqueue({
      ...(target ? { mode: 'upsert' as const } : {}),
      source: localPathOrUrl(positionals[0]!),
      // The operator may name any file this machine's workers can read.
      origin: 'operator',
      model,
      collection,
      activateAlias: activate ? config.collection : undefined,
      ...(values['activate-if-better'] ? { activateWhen: 'if-better' as const } : {}),
      ...sourceLayout(config.ingest.source, flags, { upsert: target !== undefined }),
      limit,
      batchSize: config.ingest.batchSize,
      lengthWindow: config.ingest.lengthWindow,
    });
    const partial = limit !== undefined && !activate ? ` (a partial build: it stays inactive; --activate makes it live)` : '';
    const upserting = target ? ' (upsert into the build as it is)' : '';
    console.log(`ingest ${jobId}: ${positionals[0]} -> collection '${collection}' with ${model}${activate ? ` (goes live as '${config.collection}')` : upserting || partial}`);
    const status = await follow(queue, jobId);
    if (status.state === 'completed' && status.result) {
      const r = status.result;
      console.log(
        `done: ${r.read} rows read, ${r.upserted} reviews stored (${r.embedded} embedded, ${r.cached} vectors from the embedding cache), ${r.skipped} skipped, ` +
          `${r.points} points in '${r.collection}'${r.activated ? ` (now live as '${r.activated}')` : ''}, ${(r.tookMs / 1000).toFixed(1)} s (${r.rate} reviews/s)`,
      );
      const schema = (await qdrantStore(config).describeCollection(r.collection))?.schema;
      if (schema) console.log(describeSchema(schema));
      if (r.calibration) console.log(`search calibration: ${JSON.stringify(r.calibration.weights)} (${r.calibration.reason})`);
      if (r.activation) console.log(`${r.activation.activated ? 'activated' : 'not activated'}: ${r.activation.reason}`);
      if (r.stayedInactive) console.log(`not activated: ${r.stayedInactive}`);
      if (r.changes) console.log(`upsert: ${r.changes.added} added, ${r.changes.replaced} replaced, ${r.changes.unchanged} unchanged`);
      if (r.pruned?.length) console.log(`superseded builds deleted (BUILDS_KEEP=${config.buildsKeep}): ${r.pruned.join(', ')}`);
      for (const skipped of status.skippedReasons.slice(0, 10)) console.log(`  skipped row ${skipped.row}: ${skipped.reason}`);
      return 0;
    }
    console.error(`ingest ${jobId} failed: ${status.failedReason}`);
    return 1;
  } finally {
    await queue.close();
  }
}

/** "read as CSV (';'): text <- body, title <- headline, ..., kept: a, b". */
function describeSchema(schema: BuildSchema): string {
  const { mapping } = schema;
  const delimiter = schema.delimiter ? ` ('${schema.delimiter === '\t' ? 'tab' : schema.delimiter}')` : '';
  const roles = (['title', 'rating', 'group', 'date'] as const).map((role) => `${role} <- ${mapping[role] ?? 'none'}`);
  const id = mapping.id.length > 0 ? mapping.id.join(' + ') : 'title and text';
  return (
    `read as ${schema.format}${delimiter}: text <- ${mapping.text.join(' + ')}, ${roles.join(', ')}, id <- ${id}` +
    `, kept: ${mapping.keep.length > 0 ? mapping.keep.join(', ') : 'none'}`
  );
}

async function follow(queue: BullmqIngestQueue, jobId: string): Promise<IngestStatus> {
  const bar = new SingleBar({
    format: ' {bar} {percentage}% | {upserted} stored ({cached} from the cache), {skipped} skipped of {read} read | {rate}/s | eta {eta_s}s | {state}',
    hideCursor: true,
  });
  bar.start(100, 0, { upserted: 0, cached: 0, skipped: 0, read: 0, rate: 0, eta_s: '?', state: 'waiting' });
  try {
    for (;;) {
      const status = await queue.status(jobId);
      if (!status) throw new Error(`ingest ${jobId} disappeared from the queue`);
      const p = status.progress;
      const finished = status.state === 'completed' || status.state === 'failed';
      bar.update(finished && status.state === 'completed' ? 100 : Math.floor(p.percent), {
        upserted: p.upserted,
        cached: p.cached,
        skipped: p.skipped,
        read: p.read,
        rate: p.rate,
        eta_s: p.eta ?? '?',
        state: status.state === 'waiting' ? 'waiting for a worker' : status.state,
      });
      if (finished) return status;
      await sleep(500);
    }
  } finally {
    bar.stop();
  }
}

function localPathOrUrl(source: string): string {
  if (/^https?:\/\//i.test(source)) return source;
  const resolved = path.resolve(process.env.INIT_CWD ?? process.cwd(), source);
  if (!fs.existsSync(resolved)) throw new Error(`no such file: ${resolved}`);
  return resolved;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`ingest: ${errorMessage(error)}`);
    process.exit(1);
  },
);
