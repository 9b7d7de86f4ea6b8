import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger, loadConfig } from '@review-search/shared';
import { ensureSourcesFolder } from './sources-folder';

describe('ensureSourcesFolder', () => {
  const log = createLogger('test', 'silent');

  it('creates DATA_DIR/sources when SOURCES_DIR is not set, and leaves a named folder alone', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'review-search-data-'));
    try {
      await ensureSourcesFolder(loadConfig({ DATA_DIR: dataDir }), log);
      expect(fs.statSync(path.join(dataDir, 'sources')).isDirectory()).toBe(true);
      await ensureSourcesFolder(loadConfig({ DATA_DIR: dataDir }), log);

      const named = path.join(dataDir, 'named');
      await ensureSourcesFolder(loadConfig({ DATA_DIR: dataDir, SOURCES_DIR: named }), log);
      expect(fs.existsSync(named)).toBe(false);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
