import { BusyError } from '../errors';
import { LocalGenerations } from './local-generations';

describe('LocalGenerations', () => {
  it('runs one at a time, in arrival order, and refuses past queueMax with a Retry-After', async () => {
    const gate = new LocalGenerations();
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const options = { queueMax: 1, timeoutMs: 30_000 };
    const first = gate.run(async () => {
      order.push('first starts');
      await held;
      order.push('first ends');
    }, options);
    const second = gate.run(async () => void order.push('second runs'), options);
    expect(gate.waitingCount).toBe(1);
    const refused = gate.run(async () => void order.push('third runs'), options);
    await expect(refused).rejects.toThrow(BusyError);
    await expect(refused).rejects.toMatchObject({ status: 503, retryAfter: 30 });
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first starts', 'first ends', 'second runs']);
    expect(gate.busy).toBe(false);
  });

  it('with queueMax 0 refuses any generation while one runs, and frees the slot when it fails', async () => {
    const gate = new LocalGenerations();
    const failing = gate.run(async () => Promise.reject(new Error('model crashed')), { queueMax: 0, timeoutMs: 1000 });
    await expect(gate.run(async () => 1, { queueMax: 0, timeoutMs: 1000 })).rejects.toThrow(/local generation is busy/);
    await expect(failing).rejects.toThrow('model crashed');
    await expect(gate.run(async () => 2, { queueMax: 0, timeoutMs: 1000 })).resolves.toBe(2);
  });
});
