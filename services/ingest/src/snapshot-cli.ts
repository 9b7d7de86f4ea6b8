/**
 * `pnpm snapshot create [collection]`: Qdrant makes a snapshot of the live
 * collection (or the one named) and it is downloaded into DATA_DIR/snapshots,
 * with a note of what it holds beside it.
 * `pnpm snapshot list [collection]`: the snapshots Qdrant holds of it, and the
 * downloaded ones.
 * `pnpm snapshot restore <file> [--collection NAME] [--activate]`: the file is
 * restored into the Qdrant of QDRANT_URL (an empty one will do), under the
 * collection it was taken of unless another is named; `--activate` makes it
 * live.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { errorMessage, loadConfig, qdrantSnapshots, qdrantStore } from '@review-search/shared';

const USAGE =
  'usage: pnpm snapshot create [collection]\n' +
  '       pnpm snapshot list [collection]\n' +
  '       pnpm snapshot restore <file> [--collection NAME] [--activate]\n' +
  '  create: Qdrant snapshots the live collection (or the one named); it is downloaded into DATA_DIR/snapshots\n' +
  '  restore: into the Qdrant of QDRANT_URL, as the collection it was taken of unless --collection names another';

/** What a downloaded snapshot holds, written beside it as `<file>.json`. */
interface SnapshotNote {
  collection: string;
  model: string | null;
  points: number;
  snapshot: string;
  createdAt: string | null;
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { collection: { type: 'string' }, activate: { type: 'boolean' }, help: { type: 'boolean' } },
  });
  const [command, argument] = positionals;
  if (values.help || !command || !['create', 'list', 'restore'].includes(command) || (command === 'restore' && !argument)) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const config = loadConfig();
  const store = qdrantStore(config);
  const snapshots = qdrantSnapshots(config);
  const folder = path.join(config.dataDir, 'snapshots');
  const named = argument ?? config.collection;

  if (command === 'create') {
    const collection = (await store.aliasTarget(named)) ?? named;
    const info = await store.describeCollection(collection);
    if (!info) throw new Error(`no collection '${named}'`);
    const snapshot = await snapshots.create(collection);
    fs.mkdirSync(folder, { recursive: true });
    const file = path.join(folder, snapshot.name);
    await snapshots.download(collection, snapshot.name, file);
    const note: SnapshotNote = { collection, model: info.model ?? null, points: info.points, snapshot: snapshot.name, createdAt: snapshot.createdAt };
    fs.writeFileSync(`${file}.json`, JSON.stringify(note, null, 2));
    console.log(`snapshot of '${collection}' (${info.points} points, ${(snapshot.size / 2 ** 20).toFixed(1)} MiB): ${file}`);
    return 0;
  }

  if (command === 'list') {
    const collection = (await store.aliasTarget(named)) ?? named;
    for (const s of await snapshots.list(collection)) console.log(`in Qdrant: ${s.name} (${(s.size / 2 ** 20).toFixed(1)} MiB, ${s.createdAt ?? 'time unknown'})`);
    const files = fs.existsSync(folder) ? fs.readdirSync(folder).filter((f) => f.endsWith('.snapshot')) : [];
    for (const file of files) console.log(`downloaded: ${path.join(folder, file)}`);
    return 0;
  }

  const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), argument!);
  if (!fs.existsSync(file)) throw new Error(`no such file: ${file}`);
  const note = fs.existsSync(`${file}.json`) ? (JSON.parse(fs.readFileSync(`${file}.json`, 'utf8')) as SnapshotNote) : undefined;
  const collection = values.collection ?? note?.collection;
  if (!collection) throw new Error(`${file} has no note of its collection (${path.basename(file)}.json): name one with --collection`);
  if (collection === config.collection) throw new Error(`'${collection}' is the live alias: restore into a collection, then --activate it`);
  await snapshots.restore(collection, file);
  const restored = await store.describeCollection(collection);
  console.log(`restored '${collection}': ${restored?.points ?? 0} points${note ? ` (the snapshot held ${note.points})` : ''}`);
  if (values.activate) {
    await store.recordBuild(collection, { activatedAt: Date.now() });
    await store.switchAlias(config.collection, collection);
    console.log(`'${config.collection}' now points at '${collection}'`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`snapshot: ${errorMessage(error)}`);
    process.exit(1);
  },
);
