import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config, Logger } from '@review-search/shared';

/**
 * Creates the default folder of ingest sources (`DATA_DIR/sources`) when
 * SOURCES_DIR is not set and the folder is missing, so files put there can be
 * ingested over HTTP. Folders the operator named are left as they are.
 */
export async function ensureSourcesFolder(config: Config, log: Logger): Promise<void> {
  const folder = path.join(config.dataDir, 'sources');
  if (config.sources.dirs.length !== 1 || config.sources.dirs[0] !== folder) return;
  const created = await fs.mkdir(folder, { recursive: true });
  if (created) log.info({ folder }, 'created the folder of ingest sources (SOURCES_DIR)');
}
