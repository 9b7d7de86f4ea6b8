/** A loaded model that can give back its memory (ONNX sessions, TensorFlow.js weights). */
export interface Disposable {
  dispose?(): unknown;
}

interface Entry<T extends Disposable> {
  model: Promise<T>;
  /** Calls running on the model now: it is disposed only when none is. */
  users: number;
  evicted: boolean;
}

/**
 * The models a process keeps loaded, at most `maxLoaded`, least recently used
 * unloaded first. A model is used through `use`, which counts the calls
 * running on it: one evicted while a call runs is disposed when the last
 * running call ends, and the next `use` loads it again.
 */
export class LoadedModels {
  private readonly entries = new Map<string, Entry<Disposable>>();

  constructor(public maxLoaded: number) {}

  /** Keys of the models loaded now, least recently used first. */
  keys(): string[] {
    return [...this.entries.keys()];
  }

  async use<T extends Disposable, R>(key: string, load: () => Promise<T>, run: (model: T) => Promise<R>): Promise<R> {
    const entry = this.entry(key, load);
    entry.users += 1;
    try {
      return await run(await entry.model);
    } finally {
      entry.users -= 1;
      if (entry.evicted && entry.users === 0) void disposeOf(entry);
    }
  }

  /** Unloads every model not in use (the others when their calls end). */
  clear(): void {
    for (const key of [...this.entries.keys()]) this.evict(key);
  }

  private entry<T extends Disposable>(key: string, load: () => Promise<T>): Entry<T> {
    const found = this.entries.get(key) as Entry<T> | undefined;
    if (found) {
      // Most recently used last.
      this.entries.delete(key);
      this.entries.set(key, found);
      return found;
    }
    const created: Entry<T> = { model: Promise.resolve().then(load), users: 0, evicted: false };
    // A failed load is not kept: the next use tries again.
    created.model.catch(() => {
      if (this.entries.get(key) === created) this.entries.delete(key);
    });
    this.entries.set(key, created);
    while (this.entries.size > this.maxLoaded) this.evict(this.entries.keys().next().value!);
    return created;
  }

  private evict(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    entry.evicted = true;
    if (entry.users === 0) void disposeOf(entry);
  }
}

async function disposeOf(entry: Entry<Disposable>): Promise<void> {
  try {
    await (await entry.model).dispose?.();
  } catch {
    // A model that failed to load or to unload holds nothing more we can free.
  }
}

/** The models of this process (embedders and generators share the bound, `MODELS_MAX_LOADED`). */
export const loadedModels = new LoadedModels(4);
