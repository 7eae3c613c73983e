import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../core/engine/create-engine';
import type { Engine } from '../../../core/engine/engine-types';
import { stateDigest } from '../../../core/engine/state-digest';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import type { Scenario } from '../../../core/scenario/scenario-schema';
import { decodeCheckpoint, encodeCheckpoint } from '../../../core/session/checkpoint-codec';
import { restoreCheckpoint } from '../../../core/session/checkpoint-restore';
import { replayInterventions } from '../../../core/trace/replay';
import { replayEngine } from '../../../core/trace/replay';

const scenario: Scenario = parseScenarioOrThrow({
  seed: 11,
  durationS: 120,
  host: { memoryMiB: 256, hypervisorMiB: 16 },
  policy: { pageSharing: { scope: 'host', scanTimeMin: 1 } },
  vms: [
    { id: 'web', memoryMiB: 128, workload: { kind: 'sine', meanMiB: 75, amplitudeMiB: 40, periodS: 60 } },
    { id: 'db', memoryMiB: 128, workload: { kind: 'steady', demandMiB: 105, activePct: 60 } },
    {
      id: 'batch',
      memoryMiB: 96,
      workload: { kind: 'bursty', baseMiB: 16, burstMiB: 75, meanGapS: 20, burstS: 15 },
    },
  ],
});

/** Counters, log and maps of every tick to the end, as one string. */
function rest(engine: Engine): string {
  const out: string[] = [];
  while (engine.tick < engine.endTick) {
    engine.step();
    out.push(stateDigest(engine), JSON.stringify(engine.drainLog()));
  }
  out.push(JSON.stringify([...engine.hostMap({ cells: 64 }).counts]));
  return out.join('\n');
}

function engineAt(tick: number): Engine {
  const engine = createEngine(scenario);
  engine.runUntil(30);
  engine.apply({ vm: 'db', set: { shares: 'high' } });
  engine.runUntil(tick);
  return engine;
}

describe('checkpoints', () => {
  it('round-trip a snapshot byte for byte, page lists and page states stored as runs', () => {
    const bytes = encodeCheckpoint(engineAt(60).snapshot());
    const decoded = decodeCheckpoint(bytes);
    expect(Buffer.compare(encodeCheckpoint(decoded), bytes)).toBe(0);
    expect(Buffer.compare(encodeCheckpoint(decodeCheckpoint(bytes.slice(), true)), bytes)).toBe(0);
    expect(decoded.tick).toBe(60);
    const skeletonBytes = new DataView(bytes.buffer).getUint32(12, true);
    const text = new TextDecoder().decode(bytes.subarray(16, 16 + skeletonBytes));
    expect(text).toContain('"encoding":"delta"');
    expect(text).toContain('"encoding":"rle"');
    const named = { ...decoded, scenario: { ...decoded.scenario, name: 'Café ✓ 😀' } };
    expect(decodeCheckpoint(encodeCheckpoint(named)).scenario.name).toBe('Café ✓ 😀');
  });

  it('read arrays stored as runs into one shared buffer exactly as into their own, and refuse the same damage', () => {
    const bytes = encodeCheckpoint(engineAt(60).snapshot());
    expect(Buffer.compare(encodeCheckpoint(decodeCheckpoint(bytes.slice(), true, true)), bytes)).toBe(0);
    // Runs of zeros next to runs of other values, in arrays of every element size, one after another.
    const state = {
      zeros: new Int32Array(5000),
      tail: Int32Array.from({ length: 5000 }, (_, i) => (i < 2500 ? 7 : 0)),
      climbing: Int32Array.from({ length: 5000 }, (_, i) => 100 + i),
      bytes: Uint8Array.from({ length: 4000 }, (_, i) => (i % 1000 < 500 ? 0 : 3)),
      halves: Uint16Array.from({ length: 4000 }, (_, i) => (i < 2000 ? 9 : 0)),
      after: new Int32Array(4096).fill(-1),
    };
    const snapshot = { engineVersion: 'v', tick: 3, scenario, state };
    const shared = decodeCheckpoint(encodeCheckpoint(snapshot), true, true).state;
    for (const [key, array] of Object.entries(state)) {
      expect(shared[key]).toBeInstanceOf(array.constructor);
      expect(Array.from(shared[key] as Int32Array)).toEqual(Array.from(array));
    }
    const refusal = (b: Uint8Array): string => {
      try {
        decodeCheckpoint(b, true, true);
      } catch (error) {
        return (error as Error).message;
      }
      return 'read';
    };
    expect(refusal(bytes.slice(0, bytes.length - 8))).toMatch(/runs past the end|after its last/);
    const pastAscii = bytes.slice();
    pastAscii[20] = 0xe9;
    expect(refusal(pastAscii)).toMatch(/not valid JSON/);
  });

  it('refuse a spelled-out number that names no number, even one every object has', () => {
    const bytes = encodeCheckpoint({ engineVersion: 'v', tick: 1, scenario, state: { a: Infinity } });
    const text = new TextDecoder().decode(bytes);
    const at = text.indexOf('"$num":"Infinity"') + '"$num":"'.length;
    expect(decodeCheckpoint(bytes).state['a']).toBe(Infinity);
    const named = bytes.slice();
    named.set(new TextEncoder().encode('toString'), at);
    expect(() => decodeCheckpoint(named)).toThrow(/unknown number/);
  });

  it('restore and run on exactly as the run that never stopped, interventions included', () => {
    const live = engineAt(45);
    const restored = restoreCheckpoint(encodeCheckpoint(live.snapshot()), scenario, 45);
    expect(stateDigest(restored)).toBe(stateDigest(live));
    expect(restored.drainLog()).toEqual(live.drainLog());
    expect(rest(restored)).toBe(rest(live));
  });

  it('replay the interventions after the checkpoint to the same state as a replay from tick 0', () => {
    const interventions = [
      { tick: 20, intervention: { vm: 'web', set: { shares: 'low' as const } } },
      { tick: 70, intervention: { vm: 'batch', set: { shares: 'high' as const } } },
    ];
    const early = createEngine(scenario);
    early.runUntil(20);
    early.apply(interventions[0]!.intervention);
    early.runUntil(50);
    const restored = restoreCheckpoint(encodeCheckpoint(early.snapshot()), scenario, 50);
    replayInterventions(restored, interventions, 90);
    const replayed = replayEngine(scenario, interventions, 90);
    expect(restored.tick).toBe(90);
    expect(stateDigest(restored)).toBe(stateDigest(replayed));
    expect(restored.interventions()).toEqual(replayed.interventions());
  });

  it('refuse damaged, foreign or hostile bytes with a clear message', () => {
    const bytes = encodeCheckpoint(engineAt(40).snapshot());
    const refusal = (b: Uint8Array, s: Scenario = scenario): string => {
      try {
        restoreCheckpoint(b, s, 1000);
      } catch (error) {
        return (error as Error).message;
      }
      return 'restored';
    };
    expect(refusal(new Uint8Array(3))).toMatch(/shorter than its header/);
    expect(refusal(bytes.slice(0, bytes.length - 8))).toMatch(/runs past the end|after its last/);
    const garbage = bytes.slice();
    garbage.fill(0x7b, 16, 40);
    expect(refusal(garbage)).toMatch(/not valid JSON|damaged/);
    const badMagic = bytes.slice();
    badMagic[0] = 0;
    expect(refusal(badMagic)).toMatch(/does not start with a checkpoint header/);
    const longer = new Uint8Array(bytes.length + 8);
    longer.set(bytes);
    expect(refusal(longer)).toMatch(/bytes after its last array/);
    expect(refusal(bytes, { ...scenario, seed: 12 })).toMatch(/another scenario/);
    expect(() => restoreCheckpoint(bytes, scenario, 39)).toThrow(/past tick 39/);
    // A run whose count overflows the array it fills.
    const snapshot = decodeCheckpoint(bytes);
    const skeletonBytes = new DataView(bytes.buffer).getUint32(12, true);
    const skeleton = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + skeletonBytes))) as {
      arrays: { encoding: string }[];
    };
    const runIndex = skeleton.arrays.findIndex((a) => a.encoding === 'rle');
    expect(runIndex).toBeGreaterThanOrEqual(0);
    let at = 16 + Math.ceil(skeletonBytes / 8) * 8;
    const arrays = skeleton.arrays as { encoding: string; kind: string; length: number; runs: number }[];
    const size = { u8: 1, u16: 2, i16: 2, u32: 4, i32: 4, f64: 8 } as Record<string, number>;
    for (let i = 0; i < runIndex; i++) {
      const a = arrays[i]!;
      at += Math.ceil((a.encoding === 'raw' ? a.length * size[a.kind]! : a.runs * 8) / 8) * 8;
    }
    const overflow = bytes.slice();
    new DataView(overflow.buffer).setInt32(at + 4, 2 ** 30, true);
    expect(refusal(overflow)).toMatch(/run that does not fit/);
    expect(snapshot.tick).toBe(40);
  });
});
