import { describe, expect, it } from 'vitest';
import { balloonModelFor, XEN_MAX_BACKOFF_S } from '../../../core/engine/balloon-models';
import type { BalloonModel } from '../../../core/scenario/vm-schema';
import type { ScenarioInput } from '../../../core/scenario/scenario-schema';
import { runScenario } from '../guest/guest-run';

const roomyHost = { memoryMiB: 32_768 };

/** A 4 GiB guest full of cold memory whose limit makes the balloon take 2 GiB at 90 s. */
function squeeze(model: BalloonModel, extra: Record<string, unknown> = {}): ScenarioInput {
  return {
    durationS: 150,
    host: roomyHost,
    vms: [
      {
        id: 'v',
        memoryMiB: 4096,
        balloonModel: model,
        workload: { kind: 'steady', demandMiB: 3600, activePct: 20, cacheMiB: 0 },
        ...extra,
      },
    ],
    events: [{ atS: 90, vm: 'v', set: { limitMiB: 2048 } }],
  };
}

describe('balloon driver models', () => {
  it("defaults to each hypervisor's own driver, and a VM may name another", () => {
    expect(balloonModelFor(null, 'esx')).toBe('vmw-modern');
    expect(balloonModelFor(null, 'static')).toBe('vmw-modern');
    expect(balloonModelFor(null, 'kvm-mom')).toBe('virtio');
    expect(balloonModelFor(null, 'hyperv')).toBe('hyperv');
    expect(balloonModelFor(null, 'xen')).toBe('xen');
    expect(balloonModelFor('vmw-legacy', 'esx')).toBe('vmw-legacy');
  });

  it('vmw_balloon since Linux 4.20 inflates without the old adaptive rate limit (512..2048 pages/s while the guest reclaims)', () => {
    const secondsToInflate = (model: BalloonModel): number => {
      const run = runScenario(squeeze(model));
      const v = run.samples.get('v')!;
      const at = v.slice(90).findIndex((c) => c.mctlszMiB >= 2047);
      return at < 0 ? Infinity : at + 1;
    };
    const legacy = secondsToInflate('vmw-legacy');
    const modern = secondsToInflate('vmw-modern');
    // 1.3 GiB of the 2 GiB must be reclaimed by the guest: at most 2048 pages/s takes 40 s or more.
    expect(legacy).toBeGreaterThan(40);
    expect(modern).toBeGreaterThan(0);
    expect(modern).toBeLessThan(5);
  });

  it("logs progress in each driver's own words", () => {
    const first = (model: BalloonModel) =>
      runScenario(squeeze(model)).log.find((l) => l.vm === 'v' && l.event === 'inflate')!.message;
    expect(first('vmw-modern')).toMatch(/^vmw_balloon: inflate \d+ pages/);
    expect(first('virtio')).toMatch(/^virtio_balloon: fill_balloon \d+ pages/);
    expect(first('hyperv')).toMatch(/^hv_balloon: balloon up \d+ pages/);
    expect(first('xen')).toMatch(/^xen:balloon: decrease_reservation \d+ pages/);
    expect(first('vmw-legacy')).toMatch(/^inflated \d+ pages .* without sleeping/);
  });

  describe('when the guest has nothing left to give', () => {
    // No guest swap and a working set that fills the guest: the balloon cannot get its 2 GiB.
    const starved = (model: BalloonModel): ScenarioInput => ({
      ...squeeze(model, { guestSwapMiB: 0 }),
      vms: [
        {
          id: 'v',
          memoryMiB: 4096,
          balloonModel: model,
          guestSwapMiB: 0,
          workload: { kind: 'steady', demandMiB: 3000, activePct: 100, cacheMiB: 0 },
        },
      ],
    });
    const failures = (model: BalloonModel) =>
      runScenario(starved(model)).log.filter((l) => l.vm === 'v' && l.event === 'alloc-failed');

    it('virtio says it is out of puff, hv_balloon that the request is partially fulfilled', () => {
      expect(failures('virtio')[0]!.message).toMatch(/^virtio_balloon: Out of puff! Can't get \d+ pages/);
      expect(failures('hyperv')[0]!.message).toMatch(
        /^hv_balloon: Balloon request will be partially fulfilled/,
      );
    });

    it('the Xen driver backs off, doubling its delay up to 32 s', () => {
      const xen = failures('xen');
      expect(xen[0]!.message).toMatch(/^xen:balloon: Cannot allocate memory/);
      const gaps = xen.slice(1).map((l, i) => l.tick - xen[i]!.tick);
      expect(gaps.slice(0, 4)).toEqual([1, 2, 4, 8]);
      expect(Math.max(...gaps)).toBeLessThanOrEqual(XEN_MAX_BACKOFF_S);
      // A driver without back-off fails at every poll (aggregated in its log).
      expect(failures('virtio')[0]!.message).toMatch(/\(\d+ polls in a row\)$/);
    });
  });

  it('virtio deflate-on-oom gives balloon pages back instead of killing the application', () => {
    // The balloon takes 2 GiB; the application then wants more than the rest and the swap hold.
    const oomLab = (deflateOnOom: boolean): ScenarioInput => ({
      durationS: 200,
      host: roomyHost,
      vms: [
        {
          id: 'v',
          memoryMiB: 4096,
          limitMiB: 2048,
          guestSwapMiB: 256,
          balloonModel: 'virtio',
          virtio: { deflateOnOom },
          workload: {
            kind: 'phases',
            repeat: false,
            cacheMiB: 0,
            phases: [
              { durationS: 60, demandMiB: 1000, activePct: 50 },
              { durationS: 200, demandMiB: 2600, activePct: 20 },
            ],
          },
        },
      ],
    });
    const plain = runScenario(oomLab(false));
    expect(plain.log.some((l) => l.event === 'oom-kill')).toBe(true);
    const deflating = runScenario(oomLab(true));
    expect(deflating.log.some((l) => l.event === 'oom-kill')).toBe(false);
    const deflated = deflating.log.filter((l) => l.event === 'deflate-on-oom');
    expect(deflated.length).toBeGreaterThan(0);
    expect(deflated[0]!.message).toMatch(/^virtio_balloon: out of memory: released 256 pages/);
  });

  it('virtio free page reporting returns the memory a guest freed to the host', () => {
    const shrinking = (freePageReporting: boolean): ScenarioInput => ({
      durationS: 120,
      host: roomyHost,
      vms: [
        {
          id: 'v',
          memoryMiB: 4096,
          balloonModel: 'virtio',
          virtio: { freePageReporting },
          workload: {
            kind: 'phases',
            repeat: false,
            phases: [
              { durationS: 60, demandMiB: 3000, activePct: 30 },
              { durationS: 60, demandMiB: 500, activePct: 30 },
            ],
          },
        },
      ],
    });
    const grantAtEnd = (fpr: boolean) => runScenario(shrinking(fpr)).samples.get('v')!.at(-1)!.grantMiB;
    // Kernel 160 + application 500 + file set 256 MiB stay; the 2.5 GiB the application freed goes back.
    expect(grantAtEnd(true)).toBeLessThan(1000);
    expect(grantAtEnd(false)).toBeGreaterThan(3000);
  });
});
