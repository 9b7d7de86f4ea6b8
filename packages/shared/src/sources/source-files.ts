import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../errors';

/** The one answer to a file source outside SOURCES_DIR, missing or not (it tells nothing of what lies outside). */
export const OUTSIDE_SOURCES_DIR =
  'a file source must name an existing file inside SOURCES_DIR, the folders set aside for ingest sources (a path, or a file:// URL)';

/** The scheme of a source given as a URL (`http`, `file`...), lower case; undefined for a plain path. */
export function sourceScheme(source: string): string | undefined {
  if (source.startsWith('/') || source.startsWith('.')) return undefined;
  return /^([a-z][a-z0-9+.-]*):/i.exec(source)?.[1]?.toLowerCase();
}

/**
 * The real path of a file source given over HTTP, when it is a file inside
 * one of `dirs` once every symlink is resolved: a relative path is taken from
 * the first folder; `..`, a symlink pointing out, and a path that does not
 * exist are all refused with the same `InputError`.
 */
export async function resolveSourceFile(source: string, dirs: readonly string[]): Promise<string> {
  if (dirs.length === 0) throw new InputError(OUTSIDE_SOURCES_DIR);
  let real: string;
  try {
    const local = sourceScheme(source) === 'file' ? fileURLToPath(source) : path.resolve(dirs[0]!, source);
    real = await fs.realpath(local);
  } catch {
    throw new InputError(OUTSIDE_SOURCES_DIR);
  }
  for (const dir of dirs) {
    const root = await fs.realpath(dir).catch(() => undefined);
    if (root !== undefined && real.startsWith(root.endsWith(path.sep) ? root : root + path.sep)) return real;
  }
  throw new InputError(OUTSIDE_SOURCES_DIR);
}
