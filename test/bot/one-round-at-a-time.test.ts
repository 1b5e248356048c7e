import { describe, expect, it } from 'vitest';
import { oneRoundAtATime } from '../../bot/one-round-at-a-time';

/** A round that waits until released, recording what it was started with. */
function gatedWork() {
  const started: string[] = [];
  const releases: (() => void)[] = [];
  const work = (arg: string) => {
    started.push(arg);
    return new Promise<void>((resolve) => releases.push(resolve));
  };
  const releaseNext = async () => {
    while (releases.length === 0) await new Promise((r) => setTimeout(r, 1));
    releases.shift()!();
  };
  return { started, work, releaseNext };
}

describe('oneRoundAtATime: one round per key at a time, the last round after the last call', () => {
  it('calls during a round share one more round, with the newest argument', async () => {
    const { started, work, releaseNext } = gatedWork();
    const run = oneRoundAtATime(work);
    const first = run('batch-a', 'v1');
    const second = run('batch-a', 'v2');
    const third = run('batch-a', 'v3');
    await releaseNext();
    await releaseNext();
    await Promise.all([first, second, third]);
    expect(started).toEqual(['v1', 'v3']);
  });

  it('a call resolves only after a round that started after it', async () => {
    const { started, work, releaseNext } = gatedWork();
    const run = oneRoundAtATime(work);
    void run('batch-a', 'v1');
    let done = false;
    const later = run('batch-a', 'v2').then(() => {
      done = true;
    });
    await releaseNext();
    await new Promise((r) => setTimeout(r, 5));
    expect(done).toBe(false);
    expect(started).toEqual(['v1', 'v2']);
    await releaseNext();
    await later;
    expect(done).toBe(true);
  });

  it('keys do not wait for each other', async () => {
    const { started, work, releaseNext } = gatedWork();
    const run = oneRoundAtATime(work);
    const a = run('batch-a', 'a1');
    const b = run('batch-b', 'b1');
    await new Promise((r) => setTimeout(r, 1));
    expect(started).toEqual(['a1', 'b1']);
    await releaseNext();
    await releaseNext();
    await Promise.all([a, b]);
  });

  it('a failed round does not stop the round asked for after it; the last round decides', async () => {
    let calls = 0;
    const run = oneRoundAtATime(async (arg: string) => {
      calls++;
      await new Promise((r) => setTimeout(r, 2));
      if (arg === 'bad') throw new Error('store unavailable');
    });
    const failing = run('k', 'bad');
    const recovered = run('k', 'good');
    await expect(failing).resolves.toBeUndefined();
    await expect(recovered).resolves.toBeUndefined();
    expect(calls).toBe(2);
    await expect(run('k', 'bad')).rejects.toThrow('store unavailable');
  });
});
