import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { configEnvironment, type Config } from '@review-search/shared';

const ROOT = path.resolve(__dirname, '../..');

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

export function startService(name: 'api' | 'ingest', env: Record<string, string>): ServiceProcess {
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
  return {
    pid,
    logFile,
    async crash() {
      if (running()) process.kill(-pid, 'SIGKILL');
      await exited;
      await untilGroupGone(pid);
    },
    async stop() {
      if (running()) child.kill('SIGTERM');
      await exited;
    },
    rssMiB: () => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024,
    log: () => fs.readFileSync(logFile, 'utf8'),
  };
}

/** Waits until no live process of the group is left (zombies awaiting their reaper do not count). */
async function untilGroupGone(pgid: number): Promise<void> {
  while (livingMembers(pgid) > 0) await sleep(50);
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

/** Waits until `url` answers 200 or the service exits. */
export async function waitForHttp(url: string, service?: ServiceProcess): Promise<void> {
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
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
    await sleep(100);
  }
}
