import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../core/engine/create-engine';
import type { Engine } from '../../../core/engine/engine-types';
import {
  ArrayRecycler,
  minRecycledBytes,
  zeroedInt32Array,
  zeroedUint8Array,
} from '../../../core/memory/array-recycler';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';

const big = minRecycledBytes / 4;

describe('ArrayRecycler', () => {
  it('hands a run the buffers of the last one, zero-filled', () => {
    const recycler = new ArrayRecycler();
    const first = recycler.lendDuring(() => {
      const a = zeroedInt32Array(big);
      a.fill(-7);
      return a;
    });
    const second = recycler.lendDuring(() => zeroedInt32Array(big));
    expect(second.buffer).toBe(first.buffer);
    expect(second.every((x) => x === 0)).toBe(true);
    expect(recycler.reusedBytes).toBe(minRecycledBytes);
  });

  it('allocates small arrays, and every array outside a run, fresh', () => {
    const recycler = new ArrayRecycler();
    const small = recycler.lendDuring(() => zeroedUint8Array(minRecycledBytes - 1));
    const again = recycler.lendDuring(() => zeroedUint8Array(minRecycledBytes - 1));
    expect(again.buffer).not.toBe(small.buffer);
    const inRun = recycler.lendDuring(() => zeroedInt32Array(big));
    expect(zeroedInt32Array(big).buffer).not.toBe(inRun.buffer);
    expect(recycler.reusedBytes).toBe(0);
  });

  it('takes the buffers back when a run throws, and keeps only what the last run used', () => {
    const recycler = new ArrayRecycler();
    let lent: ArrayBuffer | null = null;
    expect(() =>
      recycler.lendDuring(() => {
        lent = zeroedInt32Array(big).buffer;
        throw new Error('run failed');
      }),
    ).toThrow('run failed');
    expect(recycler.lendDuring(() => zeroedInt32Array(big).buffer)).toBe(lent);
    // A run that needs other sizes drops the old buffers at its first miss: at most one run's arrays are kept.
    const other = recycler.lendDuring(() => {
      const first = zeroedInt32Array(2 * big);
      return [first.buffer, zeroedInt32Array(big).buffer];
    });
    expect(other[1]).not.toBe(lent);
    const next = recycler.lendDuring(() => [zeroedInt32Array(2 * big).buffer, zeroedInt32Array(big).buffer]);
    expect(next[0]).toBe(other[0]);
    expect(next[1]).toBe(other[1]);
  });

  it('refuses to lend twice at once on a thread', () => {
    const recycler = new ArrayRecycler();
    expect(() => recycler.lendDuring(() => new ArrayRecycler().lendDuring(() => 1))).toThrow(
      /already lending/,
    );
    expect(recycler.lendDuring(() => 2)).toBe(2);
  });
});

/** Typed arrays as a hash of their bytes, so that whole snapshots compare quickly. */
function digestArrays(_key: string, value: unknown): unknown {
  if (!ArrayBuffer.isView(value)) return value;
  const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return `${value.constructor.name}:${value.byteLength}:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** The counters and log every 10 ticks, then the engine's whole state (every array) at the end. */
function trace(engine: Engine): string {
  const out: string[] = [];
  while (engine.tick < engine.endTick) {
    engine.runUntil(Math.min(engine.endTick, engine.tick + 10));
    out.push(
      JSON.stringify(engine.hostCounters()),
      JSON.stringify(engine.vmCounters()),
      JSON.stringify(engine.drainLog()),
    );
  }
  out.push(JSON.stringify(engine.snapshot(), digestArrays));
  return out.join('\n');
}

/** A small host under pressure (the determinism tests' one at half size): sharing, ballooning and swap within a minute. */
const pressured = {
  durationS: 100,
  host: { memoryMiB: 512, hypervisorMiB: 32 },
  policy: { samplePeriodS: 10, pageSharing: { scope: 'host', scanTimeMin: 1 } },
  vms: [
    {
      id: 'web',
      memoryMiB: 256,
      guestOs: 'windows',
      kernelMiB: 50,
      workload: { kind: 'sine', meanMiB: 150, amplitudeMiB: 75, periodS: 60 },
    },
    {
      id: 'db',
      memoryMiB: 256,
      reservationMiB: 64,
      workload: { kind: 'steady', demandMiB: 210, activePct: 60 },
    },
    {
      id: 'batch',
      memoryMiB: 192,
      balloonDriver: 'absent',
      workload: { kind: 'bursty', baseMiB: 32, burstMiB: 150, meanGapS: 20, burstS: 15 },
    },
  ],
  events: [{ atS: 30, vm: 'web', set: { workload: { kind: 'idle' } } }],
};

describe('an engine on recycled arrays', () => {
  it('runs scenario B after scenario A byte for byte as B alone', () => {
    // A leaves its arrays far from zero (pages touched, shared, ballooned); B differs in seed and length.
    const a = parseScenarioOrThrow({ ...pressured, seed: 7, durationS: 60 });
    const b = parseScenarioOrThrow({ ...pressured, seed: 8, durationS: 45 });
    const alone = trace(createEngine(b));
    const recycler = new ArrayRecycler();
    const runA = recycler.lendDuring(() => trace(createEngine(a)));
    const afterA = recycler.lendDuring(() => trace(createEngine(b)));
    expect(recycler.reusedBytes).toBeGreaterThan(2 ** 19);
    expect(runA).not.toBe(alone);
    expect(afterA === alone).toBe(true);
  });
});
