import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Frame } from '../../../../core/lab-api/lab-api-contract';
import { encodeWire } from '../../../../core/lab-api/wire-codec';
import {
  maxFrameBytes,
  maxGuestMapCells,
  maxHostMapCells,
} from '../../../../electron/services/trace/frame-budget';
import {
  creditRecoveryMs,
  FramePump,
  initialFrameCredits,
  minMapsIntervalMs,
} from '../../../../electron/services/trace/frame-pump';
import { SampleHistory } from '../../../../electron/services/trace/sample-history';
import { LogHistory } from '../../../../electron/services/trace/log-history';
import type { WorkerUpdate } from '../../../../electron/worker/worker-protocol';
import { guestMapOf, hostMapOf, logLines, updateFor } from './frame-fixtures';

function harness() {
  const history = new SampleHistory();
  const log = new LogHistory();
  const frames: Frame[] = [];
  const emittedAt: number[] = [];
  let mapRequests = 0;
  const pump = new FramePump({
    history,
    log,
    requestMaps: () => mapRequests++,
    emit: (frame) => {
      frames.push(frame);
      emittedAt.push(Date.now());
    },
    now: () => Date.now(),
  });
  const deliver = (update: WorkerUpdate): void => {
    if (update.samples !== null) history.append(update.samples);
    log.append(update.log);
    pump.onUpdate(update);
  };
  return { history, log, pump, frames, emittedAt, deliver, mapRequests: () => mapRequests };
}

describe('frame pump', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('emits at most 30 frames a second however often the worker updates', () => {
    const h = harness();
    let tick = 0;
    for (let ms = 0; ms < 2000; ms += 5) {
      // Maps arrive on every update here, so only the rate limit holds frames back.
      h.deliver(
        updateFor({
          fromTick: tick,
          toTick: tick + 1,
          vmCount: 4,
          maps: { hostMap: hostMapOf(64, 4), guestMap: null },
        }),
      );
      tick++;
      h.pump.ack(8);
      vi.advanceTimersByTime(5);
    }
    const frames = h.frames.length;
    expect(frames).toBeGreaterThan(40);
    expect(frames).toBeLessThanOrEqual(61);
    for (let i = 1; i < h.emittedAt.length; i++)
      expect(h.emittedAt[i]! - h.emittedAt[i - 1]!).toBeGreaterThanOrEqual(33);
  });

  it('sends nothing beyond its credits until the renderer acks, and recovers a lost credit', () => {
    const h = harness();
    let tick = 0;
    for (let i = 0; i < 50; i++) {
      h.deliver(
        updateFor({ fromTick: tick, toTick: tick + 1, vmCount: 2, maps: { hostMap: null, guestMap: null } }),
      );
      tick++;
      vi.advanceTimersByTime(40);
    }
    expect(h.frames).toHaveLength(initialFrameCredits);
    expect(h.pump.availableCredits).toBe(0);
    vi.advanceTimersByTime(creditRecoveryMs);
    expect(h.frames).toHaveLength(initialFrameCredits + 1);
    h.pump.ack(2);
    for (let i = 0; i < 5; i++) {
      h.deliver(
        updateFor({ fromTick: tick, toTick: tick + 1, vmCount: 2, maps: { hostMap: null, guestMap: null } }),
      );
      tick++;
      vi.advanceTimersByTime(40);
    }
    expect(h.frames).toHaveLength(initialFrameCredits + 3);
  });

  it('coalesces while starved: the next frame has the latest counters and every sample and line in order', () => {
    const h = harness();
    h.deliver(updateFor({ fromTick: -1, toTick: 0, vmCount: 3, maps: { hostMap: null, guestMap: null } }));
    // Use up the credits.
    for (let t = 1; t < initialFrameCredits; t++) {
      vi.advanceTimersByTime(40);
      h.deliver(
        updateFor({ fromTick: t - 1, toTick: t, vmCount: 3, maps: { hostMap: null, guestMap: null } }),
      );
    }
    vi.advanceTimersByTime(40);
    expect(h.pump.availableCredits).toBe(0);
    const sentBefore = h.frames.flatMap((f) => f.samples.map((s) => s.timeS));
    let seq = 0;
    for (let t = initialFrameCredits; t <= 100; t++) {
      h.deliver(updateFor({ fromTick: t - 1, toTick: t, vmCount: 3, log: logLines(seq, 2, t), maps: null }));
      seq += 2;
      vi.advanceTimersByTime(10);
    }
    expect(h.frames.length).toBe(initialFrameCredits);
    h.pump.ack(1);
    vi.advanceTimersByTime(150);
    const first = h.frames[initialFrameCredits]!;
    expect(first.tick).toBe(100);
    expect(first.host.tick).toBe(100);
    // What did not fit spills into the next frames, one per returned credit.
    for (let i = 0; i < 10; i++) {
      h.pump.ack(1);
      vi.advanceTimersByTime(150);
    }
    const later = h.frames.slice(initialFrameCredits);
    expect(later.every((f) => f.tick === 100)).toBe(true);
    const times = [...sentBefore, ...later.flatMap((f) => f.samples.map((s) => s.timeS))];
    expect(times).toEqual(Array.from({ length: 101 }, (_, i) => i));
    expect(later.flatMap((f) => f.log.map((l) => l.seq))).toEqual(Array.from({ length: seq }, (_, i) => i));
  });

  it('keeps every frame under 256 KiB, spilling lines and samples into later frames', () => {
    const h = harness();
    const vmCount = 32;
    const maps = { hostMap: hostMapOf(maxHostMapCells, vmCount), guestMap: guestMapOf(maxGuestMapCells) };
    // 600 samples of 32 VMs and 20,000 long lines: far more than one frame holds.
    h.deliver(updateFor({ fromTick: -1, toTick: 599, vmCount, log: logLines(0, 20_000, 599, 300), maps }));
    let guard = 0;
    while (
      h.history.length > h.frames.reduce((n, f) => n + f.samples.length, 0) ||
      h.log.length > h.frames.reduce((n, f) => n + f.log.length, 0)
    ) {
      h.pump.ack(1);
      vi.advanceTimersByTime(40);
      if (++guard > 10_000) throw new Error('backlog never drained');
    }
    const sizes = h.frames.map((f) => Buffer.byteLength(encodeWire({ event: 'frame', payload: f })));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(maxFrameBytes);
    expect(h.frames.length).toBeGreaterThan(10);
    expect(h.frames.some((f) => f.hostMap !== null)).toBe(true);
    expect(h.frames.flatMap((f) => f.log.map((l) => l.seq))).toEqual(
      Array.from({ length: 20_000 }, (_, i) => i),
    );
    expect(h.frames.flatMap((f) => f.samples.map((s) => s.timeS))).toEqual(
      Array.from({ length: 600 }, (_, i) => i),
    );
  });

  it('fits samples by their exact size: more go beside the maps of a 32-VM host than a bound allows', () => {
    const h = harness();
    const vmCount = 32;
    const maps = { hostMap: hostMapOf(maxHostMapCells, vmCount), guestMap: guestMapOf(maxGuestMapCells) };
    h.deliver(updateFor({ fromTick: -1, toTick: 19, vmCount, maps }));
    const first = h.frames[0]!;
    expect(first.hostMap).not.toBeNull();
    // These counters have 17 significant digits; a bound of 24 bytes a number fitted only 2.
    expect(first.samples.length).toBeGreaterThanOrEqual(3);
    expect(Buffer.byteLength(encodeWire({ event: 'frame', payload: first }))).toBeLessThanOrEqual(
      maxFrameBytes,
    );
  });

  it('asks the worker for maps only while holding credits, one request at a time', () => {
    const h = harness();
    h.deliver(updateFor({ fromTick: -1, toTick: 0, vmCount: 1 }));
    expect(h.mapRequests()).toBe(1);
    h.deliver(updateFor({ fromTick: 0, toTick: 1, vmCount: 1 }));
    expect(h.mapRequests()).toBe(1);
    h.deliver(
      updateFor({ fromTick: 1, toTick: 2, vmCount: 1, maps: { hostMap: hostMapOf(16, 1), guestMap: null } }),
    );
    expect(h.frames).toHaveLength(1);
    expect(h.frames[0]!.hostMap?.cells).toBe(16);
    // While running, the next maps are asked for a fifteenth of a second after the last.
    expect(h.mapRequests()).toBe(1);
    vi.advanceTimersByTime(Math.ceil(minMapsIntervalMs));
    h.deliver(updateFor({ fromTick: 2, toTick: 3, vmCount: 1 }));
    expect(h.mapRequests()).toBe(2);
  });

  it('while running asks for maps at most 15 times a second, paused at once', () => {
    const h = harness();
    let tick = -1;
    for (let ms = 0; ms < 2000; ms += 10) {
      // The worker answers a request with maps in its next update, every 10 ms here.
      const answer = h.mapRequests() > 0 ? { hostMap: hostMapOf(16, 1), guestMap: null } : null;
      h.deliver(updateFor({ fromTick: tick, toTick: tick + 1, vmCount: 1, maps: answer }));
      tick++;
      h.pump.ack(1);
      vi.advanceTimersByTime(10);
    }
    expect(h.mapRequests()).toBeLessThanOrEqual(2 * 15 + 1);
    expect(h.mapRequests()).toBeGreaterThanOrEqual(2 * 15 - 2);
    // Paused, each answer is followed by the next request at once (nothing else moves the maps).
    const paused = harness();
    for (let t = 0; t < 5; t++) {
      const answer = t === 0 ? null : { hostMap: hostMapOf(16, 1), guestMap: null };
      paused.deliver(updateFor({ fromTick: t - 1, toTick: t, vmCount: 1, running: false, maps: answer }));
      paused.pump.ack(1);
      vi.advanceTimersByTime(40);
    }
    expect(paused.mapRequests()).toBe(5);
  });

  it('a paused lab with nothing new sends no frames', () => {
    const h = harness();
    h.deliver(
      updateFor({
        fromTick: -1,
        toTick: 5,
        vmCount: 2,
        running: false,
        maps: { hostMap: null, guestMap: null },
      }),
    );
    vi.advanceTimersByTime(100);
    const count = h.frames.length;
    expect(count).toBe(1);
    for (let i = 0; i < 10; i++) {
      h.pump.ack(1);
      vi.advanceTimersByTime(100);
    }
    expect(h.frames.length).toBe(count);
  });

  it('at 60x on 32 VMs the samples keep up with the clock though the renderer takes 20 frames a second, maps still move', () => {
    const h = harness();
    const vmCount = 32;
    const maps = () => ({
      hostMap: hostMapOf(maxHostMapCells, vmCount),
      guestMap: guestMapOf(maxGuestMapCells),
    });
    // Worker updates every 30 ms with fresh maps and 2 samples (66 a second); the renderer gives
    // back one credit every 50 ms. Only 2 samples fit beside the maps in a frame.
    let tick = -1;
    for (let ms = 0; ms < 4000; ms += 10) {
      if (ms % 30 === 0) {
        h.deliver(updateFor({ fromTick: tick, toTick: tick + 2, vmCount, maps: maps() }));
        tick += 2;
      }
      if (ms % 50 === 0) h.pump.ack(1);
      vi.advanceTimersByTime(10);
    }
    const sampled = h.frames.at(-1)!.samples.at(-1)?.timeS ?? -1;
    expect(tick - sampled).toBeLessThanOrEqual(8);
    expect(h.frames.filter((f) => f.hostMap !== null).length / 4).toBeGreaterThanOrEqual(9);
    expect(h.frames.flatMap((f) => f.samples.map((s) => s.timeS))).toEqual(
      Array.from({ length: sampled + 1 }, (_, i) => i),
    );
  });
});
