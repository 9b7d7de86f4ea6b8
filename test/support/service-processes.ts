import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { configEnvironment, type Config } from '@review-search/shared';
import { forgetApiOrigin, registerApiOrigin } from './api-origins';
import { waitUntil, withDeadline } from './wait-until';

const ROOT = path.resolve(__dirname, '../..');
/** How long a service may take to exit once told to (SIGKILL, or SIGTERM and its graceful close). */
const EXIT_DEADLINE_MS = 30_000;

/** A built service (`services/<name>/dist/main.js`) running as a process group of its own, as in a container. */
export interface ServiceProcess {
  readonly pid: number;
  readonly logFile: string;
  /** `kill -9` of the service and every process it started (its sandboxed embedding processes too). */
  crash(): Promise<void>;
  stop(): Promise<void>;
  /** Resident memory now, in MiB (VmRSS). */
  rssMiB(): number;
  /** The service's log so far (for failure messages). */
  log(): string;
}

/** The environment a service process gets from a test configuration. */
export function serviceEnvironment(config: Config, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...configEnvironment(config),
    COLLECTION: config.collection,
    AUTO_INGEST: 'false',
    INGEST_BATCH_SIZE: String(config.ingest.batchSize),
    INGEST_CONCURRENCY: String(config.ingest.concurrency),
    INGEST_BATCH_ATTEMPTS: String(config.ingest.batchAttempts),
    INGEST_STALLED_MS: String(config.ingest.stalledMs),
    ALLOW_PRIVATE_SOURCES: 'true',
    ...extra,
  };
}

/**
 * Starts a built service. The API listens on `env.PORT` (required) of
 * loopback, where its answers are checked against its OpenAPI document until
 * it is stopped or crashed.
 */
export function startService(name: 'api' | 'ingest', env: Record<string, string>): ServiceProcess {
  const apiUrl = name === 'api' ? loopbackUrl(env) : undefined;
  const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), `review-search-${name}-`)), 'service.log');
  const log = fs.openSync(logFile, 'a');
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, `services/${name}/dist/main.js`)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', log, log],
    detached: true,
  });
  fs.closeSync(log);
  const pid = child.pid!;
  const exited = once(child, 'exit');
  const running = () => child.exitCode === null && child.signalCode === null;
  if (apiUrl) registerApiOrigin(apiUrl);
  const forget = () => {
    if (apiUrl) forgetApiOrigin(apiUrl);
  };
  return {
    pid,
    logFile,
    async crash() {
      forget();
      if (running()) process.kill(-pid, 'SIGKILL');
      await withDeadline(`${name} (pid ${pid}) to exit after SIGKILL`, exited, EXIT_DEADLINE_MS);
      await untilGroupGone(pid);
    },
    async stop() {
      forget();
      if (running()) child.kill('SIGTERM');
      await withDeadline(`${name} (pid ${pid}) to exit after SIGTERM (log: ${logFile})`, exited, EXIT_DEADLINE_MS);
    },
    rssMiB: () => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024,
    log: () => fs.readFileSync(logFile, 'utf8'),
  };
}

/** Where a test reaches the API started with `env`. */
function loopbackUrl(env: Record<string, string>): string {
  if (!env.PORT) throw new Error("startService('api') needs PORT in its environment: the tests reach the API there");
  return `http://127.0.0.1:${env.PORT}`;
}

/** Waits until no live process of the group is left (zombies awaiting their reaper do not count). */
async function untilGroupGone(pgid: number): Promise<void> {
  await waitUntil(`every process of group ${pgid} to be gone after SIGKILL`, () => livingMembers(pgid) === 0, EXIT_DEADLINE_MS);
}

function livingMembers(pgid: number): number {
  let count = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid pgrp ..."; comm may hold spaces, so split after ')'.
      const [state, , pgrp] = fs.readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ');
      if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') count += 1;
    } catch {
      // gone meanwhile
    }
  }
  return count;
}

/** Waits until `url` answers 200; fails if the service exits first, or past `deadlineMs` (naming the url, with the service's log). */
export async function waitForHttp(url: string, service?: ServiceProcess, deadlineMs = 60_000): Promise<void> {
  try {
    await waitUntil(
      `${url} to answer 200`,
      async () => {
        try {
          if ((await fetch(url, { signal: AbortSignal.timeout(5_000) })).ok) return true;
        } catch {
          // not listening yet
        }
        if (service) {
          try {
            process.kill(service.pid, 0);
          } catch {
            throw new Error(`service exited before ${url} answered:\n${service.log()}`);
          }
        }
        return false;
      },
      deadlineMs,
    );
  } catch (error) {
    if (service && error instanceof Error && error.message.startsWith('waited ')) throw new Error(`${error.message}; service log:\n${service.log()}`);
    throw error;
  }
}
