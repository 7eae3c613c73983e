import { describe, expect, it } from 'vitest';
import { defaultGuestSwapMiB } from '../../../core/guest/guest-defaults';
import { meanOver, perfOver, runScenario } from './guest-run';

const roomyHost = { memoryMiB: 32_768 };

describe('working sets and guest swap', () => {
  it('pages a working set larger than memory continuously, while one that fits runs at full speed', () => {
    const run = runScenario({
      durationS: 240,
      host: roomyHost,
      vms: [
        { id: 'big', memoryMiB: 4096, workload: { kind: 'steady', demandMiB: 6144, activePct: 100 } },
        { id: 'fits', memoryMiB: 4096, workload: { kind: 'steady', demandMiB: 3000, activePct: 40 } },
      ],
    });
    expect(perfOver(run, 'big', 120, 240)).toBeLessThan(0.2);
    // Every tick of the last minute faults working-set pages back in from the guest's swap.
    const big = run.samples.get('big')!.slice(180, 240);
    expect(big.every((c) => c.guestSwapInMiBps > 1 && c.guestSwapOutMiBps > 1)).toBe(true);
    // ACTV counts the working set wherever it is, in memory or in the guest's swap.
    expect(big.at(-1)!.actvMiB).toBeCloseTo(6144, 0);
    expect(perfOver(run, 'fits', 120, 240)).toBe(1);
    expect(meanOver(run, 'fits', 0, 240, (c) => c.guestSwapInMiBps)).toBe(0);
  });

  it('stops paging once the working set fits again, though cold pages stay in the guest swap', () => {
    const run = runScenario({
      durationS: 300,
      host: roomyHost,
      vms: [{ id: 'v', memoryMiB: 4096, workload: { kind: 'steady', demandMiB: 6144, activePct: 90 } }],
      events: [{ atS: 120, vm: 'v', set: { workload: { kind: 'steady', demandMiB: 6144, activePct: 30 } } }],
    });
    expect(perfOver(run, 'v', 60, 120)).toBeLessThan(0.2);
    expect(perfOver(run, 'v', 240, 300)).toBeGreaterThan(0.5);
    const last = run.samples.get('v')!.at(-1)!;
    expect(last.guestSwapMiB).toBeGreaterThan(1500);
    expect(meanOver(run, 'v', 240, 300, (c) => c.guestSwapInMiBps)).toBeLessThan(1);
  });

  it('reclaims in LRU order: a balloon swaps cold pages before it touches the working set', () => {
    // The limit makes the balloon take 1.5 GiB: 400 MiB of the 1.7 GiB of cold application memory must go.
    const run = runScenario({
      durationS: 240,
      host: roomyHost,
      vms: [
        {
          id: 'v',
          memoryMiB: 4096,
          limitMiB: 2560,
          workload: { kind: 'steady', demandMiB: 2800, activePct: 40, cacheMiB: 0 },
        },
      ],
    });
    const last = run.samples.get('v')!.at(-1)!;
    expect(last.mctlszMiB).toBeCloseTo(1536, 0);
    expect(last.guestSwapMiB).toBeGreaterThan(350);
    // Only cold pages went out: the working set is all in memory, so nothing faults back at the hot
    // rate (random eviction would have swapped 40% hot pages and left the VM near 0).
    expect(perfOver(run, 'v', 180, 240)).toBeGreaterThan(0.85);
    expect(meanOver(run, 'v', 180, 240, (c) => c.guestSwapInMiBps)).toBeLessThan(0.5);
    expect(last.actvMiB).toBeCloseTo(1120, 0);
  });

  it('sizes the guest swap as an installer does', () => {
    expect(defaultGuestSwapMiB(1024)).toBe(2048);
    expect(defaultGuestSwapMiB(4096)).toBe(4096);
    expect(defaultGuestSwapMiB(16_384)).toBe(8192);
    expect(defaultGuestSwapMiB(131_072)).toBe(4096);
  });
});

describe('page cache', () => {
  it('charges page-cache misses when the file set does not fit, and none when it does', () => {
    const files = (id: string, memoryMiB: number) => ({
      id,
      memoryMiB,
      workload: { kind: 'steady' as const, demandMiB: 1024, activePct: 50, cacheMiB: 2048 },
    });
    const run = runScenario({
      durationS: 600,
      host: roomyHost,
      vms: [files('small', 2560), files('large', 4096)],
    });
    // The first read of each file is the workload's own work, not a miss.
    expect(perfOver(run, 'large', 0, 600)).toBe(1);
    const small = perfOver(run, 'small', 300, 600);
    expect(small).toBeLessThan(0.95);
    expect(small).toBeGreaterThan(0.2);
    expect(run.samples.get('small')!.at(-1)!.guestCacheMiB).toBeLessThan(2048);
  });
});

describe('guest OOM killer', () => {
  const oomScenario = {
    durationS: 200,
    host: roomyHost,
    vms: [
      {
        id: 'v',
        memoryMiB: 1024,
        guestSwapMiB: 64,
        oomRestartS: 30,
        workload: { kind: 'steady' as const, demandMiB: 1400, activePct: 30 },
      },
    ],
  };

  it('ends the application when memory and guest swap run out, logs it as the kernel does, and restarts it', () => {
    const run = runScenario(oomScenario);
    const kills = run.log.filter((l) => l.event === 'oom-kill');
    expect(kills.length).toBeGreaterThan(0);
    expect(kills[0]!.source).toBe('guest');
    expect(kills[0]!.level).toBe('error');
    expect(kills[0]!.message).toMatch(
      /^Out of memory: Killed process \d+ \(app\) total-vm:\d+kB, anon-rss:\d+kB, file-rss:0kB/,
    );
    const killedAt = kills[0]!.tick;
    const v = run.samples.get('v')!;
    // Down for the restart delay: no application memory, no work.
    expect(v[killedAt + 5]!.perfIndex).toBe(0);
    expect(v[killedAt + 5]!.guestSwapMiB).toBe(0);
    const restart = run.log.find((l) => l.event === 'app-restart');
    expect(restart?.tick).toBe(killedAt + 30);
    expect(v[killedAt + 30]!.demandMiB).toBe(1400);
    // The restarted application grows back into the same shortage: the kernel kills it again.
    expect(kills.length).toBeGreaterThan(1);
    expect(kills[1]!.message).not.toBe(kills[0]!.message);
    expect(v.every((c) => c.guestSwapMiB <= 64)).toBe(true);
  });

  it('never kills while the guest swap has room', () => {
    const run = runScenario({ ...oomScenario, vms: [{ ...oomScenario.vms[0]!, guestSwapMiB: 1024 }] });
    expect(run.log.some((l) => l.event === 'oom-kill')).toBe(false);
  });

  it('fails sleeping balloon allocations when the guest has nothing left to give, and the driver backs off', () => {
    const run = runScenario({
      durationS: 120,
      host: roomyHost,
      vms: [
        {
          id: 'v',
          memoryMiB: 2048,
          limitMiB: 1024,
          guestSwapMiB: 0,
          balloonModel: 'vmw-legacy',
          workload: { kind: 'steady', demandMiB: 1100, activePct: 100, cacheMiB: 0 },
        },
      ],
    });
    const failed = run.log.find((l) => l.event === 'alloc-failed');
    expect(failed?.source).toBe('driver');
    expect(failed?.message).toMatch(/rate \d+ -> \d+ pages\/s/);
  });
});

describe('memory limits', () => {
  it('enforces a limit with the balloon first, whatever the host state', () => {
    const run = runScenario({
      durationS: 300,
      host: roomyHost,
      vms: [
        {
          id: 'v',
          memoryMiB: 4096,
          limitMiB: 2048,
          workload: { kind: 'steady', demandMiB: 2500, activePct: 40 },
        },
      ],
    });
    const last = run.samples.get('v')!.at(-1)!;
    expect(last.mctltgtMiB).toBe(2048);
    expect(last.mctlszMiB).toBe(2048);
    expect(last.grantMiB).toBeLessThanOrEqual(2048);
    // Host swapping only covers what the guest touched before the balloon caught up.
    expect(last.swcurMiB).toBeLessThan(200);
  });
});
