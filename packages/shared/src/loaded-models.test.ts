import { LoadedModels } from './loaded-models';

/** A model that records its own unloading. */
function fakeModel(name: string, disposed: string[]) {
  return { name, dispose: () => void disposed.push(name) };
}

/** Settles pending promise callbacks (disposal runs after the model's promise). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('LoadedModels', () => {
  it('keeps at most maxLoaded models, unloading the least recently used', async () => {
    const disposed: string[] = [];
    const models = new LoadedModels(2);
    const use = (name: string) => models.use(name, async () => fakeModel(name, disposed), async (m) => m.name);
    await use('a');
    await use('b');
    await use('a'); // a is now the most recently used
    await use('c');
    await settle();
    expect(models.keys()).toEqual(['a', 'c']);
    expect(disposed).toEqual(['b']);
  });

  it('never disposes a model under a running call: it is unloaded when the call ends', async () => {
    const disposed: string[] = [];
    const models = new LoadedModels(1);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const running = models.use('a', async () => fakeModel('a', disposed), async (m) => {
      await held;
      return m.name;
    });
    await settle();
    await models.use('b', async () => fakeModel('b', disposed), async () => undefined);
    await settle();
    expect(models.keys()).toEqual(['b']);
    expect(disposed).toEqual([]);
    release();
    await expect(running).resolves.toBe('a');
    await settle();
    expect(disposed).toEqual(['a']);
  });

  it('loads a model again after it was unloaded, and once for concurrent first uses', async () => {
    let loads = 0;
    const models = new LoadedModels(1);
    const load = async () => ({ n: ++loads });
    const [x, y] = await Promise.all([models.use('a', load, async (m) => m.n), models.use('a', load, async (m) => m.n)]);
    expect([x, y]).toEqual([1, 1]);
    await models.use('b', async () => ({}), async () => undefined);
    expect(await models.use('a', load, async (m) => m.n)).toBe(2);
  });

  it('does not keep a failed load: the next use tries again', async () => {
    const models = new LoadedModels(2);
    await expect(models.use('a', async () => Promise.reject(new Error('no such model')), async () => 1)).rejects.toThrow('no such model');
    await settle();
    expect(models.keys()).toEqual([]);
    await expect(models.use('a', async () => ({}), async () => 2)).resolves.toBe(2);
  });

  it('tells listeners which model it unloaded', async () => {
    const models = new LoadedModels(1);
    const unloaded: string[] = [];
    models.onUnload((key) => unloaded.push(key));
    await models.use('a', async () => ({}), async () => undefined);
    await models.use('b', async () => ({}), async () => undefined);
    await settle();
    expect(unloaded).toEqual(['a']);
  });
});
