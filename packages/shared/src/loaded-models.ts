/** A loaded model that can give back its memory (ONNX sessions, TensorFlow.js weights). */
export interface Disposable {
  dispose?(): unknown;
}

interface Entry<T> {
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
  private readonly entries = new Map<string, Entry<unknown>>();
  private readonly unloadListeners: ((key: string) => void)[] = [];

  constructor(public maxLoaded: number) {}

  /** Keys of the models loaded now, least recently used first. */
  keys(): string[] {
    return [...this.entries.keys()];
  }

  async use<T, R>(key: string, load: () => Promise<T>, run: (model: T) => Promise<R>): Promise<R> {
    const entry = this.entry(key, load);
    entry.users += 1;
    try {
      return await run(await entry.model);
    } finally {
      entry.users -= 1;
      if (entry.evicted && entry.users === 0) void this.dispose(key, entry);
    }
  }

  /** Calls `listener` with a model's key each time one is disposed. */
  onUnload(listener: (key: string) => void): () => void {
    this.unloadListeners.push(listener);
    return () => this.unloadListeners.splice(this.unloadListeners.indexOf(listener), 1);
  }

  /** Unloads every model not in use (the others when their calls end). */
  clear(): void {
    for (const key of [...this.entries.keys()]) this.evict(key);
  }

  private entry<T>(key: string, load: () => Promise<T>): Entry<T> {
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

  private async dispose(key: string, entry: Entry<unknown>): Promise<void> {
    try {
      await ((await entry.model) as Disposable | undefined)?.dispose?.();
    } catch {
      // A model that failed to load or to unload holds nothing more we can free.
      return;
    }
    for (const listener of [...this.unloadListeners]) listener(key);
  }

  private evict(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    entry.evicted = true;
    if (entry.users === 0) void this.dispose(key, entry);
  }
}


/** The models of this process (embedders and generators share the bound, `MODELS_MAX_LOADED`). */
export const loadedModels = new LoadedModels(4);
