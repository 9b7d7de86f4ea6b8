import crypto from 'node:crypto';
import path from 'node:path';

/** A collection name's part for a model: `Xenova/all-MiniLM-L6-v2` -> `xenova-all-minilm-l6-v2`. */
export function modelSlug(model: string): string {
  const base = model.startsWith('.') || path.isAbsolute(model) ? `local-${path.basename(model)}` : model;
  return base.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'model';
}

/**
 * A new collection for one build of the reviews with one model, named from the
 * alias, the model and the time: `reviews--use-lite--20261128-143501-a1b2`.
 * Every build gets its own, so a failed build never touches the live one.
 */
export function buildCollectionName(alias: string, model: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${alias}--${modelSlug(model)}--${stamp}-${crypto.randomBytes(2).toString('hex')}`;
}

/**
 * Whether `name` is one of the builds `buildCollectionName` names for `alias`
 * (and not another alias's: the model part never holds `--`, at most a trailing `-` where it was cut).
 */
export function isBuildOf(alias: string, name: string): boolean {
  const escaped = alias.replace(/[^A-Za-z0-9_]/g, (c) => `\\${c}`);
  return new RegExp(`^${escaped}--[a-z0-9]+(?:-[a-z0-9]+)*-?--\\d{8}-\\d{6}-[0-9a-f]{4}$`).test(name);
}
