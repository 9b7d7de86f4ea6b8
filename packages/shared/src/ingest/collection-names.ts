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
