import fc from 'fast-check';
import type { ScenarioInput } from '../../../core/scenario/scenario-schema';
import type { Intervention } from '../../../core/scenario/event-schema';

type WorkloadInput = NonNullable<NonNullable<ScenarioInput['vms']>[number]['workload']>;

/** A workload of any kind sized for a VM of `memoryMiB`, often wanting more than the VM has. */
export function workloadArb(memoryMiB: number): fc.Arbitrary<WorkloadInput> {
  const mib = fc.integer({ min: 0, max: Math.round(memoryMiB * 1.2) });
  const pct = fc.integer({ min: 0, max: 100 });
  const content = fc.record({
    zeroPct: fc.integer({ min: 0, max: 40 }),
    osPct: fc.integer({ min: 0, max: 40 }),
    compressiblePct: pct,
    writePct: pct,
    cacheMiB: fc.integer({ min: 0, max: Math.round(memoryMiB / 4) }),
  });
  return fc.oneof(
    fc
      .tuple(mib, pct, content)
      .map(([demandMiB, activePct, c]) => ({ kind: 'steady' as const, demandMiB, activePct, ...c })),
    fc.tuple(mib, content).map(([demandMiB, c]) => ({ kind: 'idle' as const, demandMiB, ...c })),
    fc
      .tuple(mib, mib, fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 60 }), pct, content)
      .map(([fromMiB, toMiB, startS, overS, activePct, c]) => ({
        kind: 'ramp' as const,
        fromMiB,
        toMiB,
        startS,
        overS,
        activePct,
        ...c,
      })),
    fc
      .tuple(
        fc.array(fc.record({ durationS: fc.integer({ min: 1, max: 30 }), demandMiB: mib, activePct: pct }), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.boolean(),
        content,
      )
      .map(([phases, repeat, c]) => ({ kind: 'phases' as const, phases, repeat, ...c })),
    fc
      .tuple(mib, mib, fc.integer({ min: 5, max: 120 }), pct, content)
      .map(([meanMiB, amplitudeMiB, periodS, activePct, c]) => ({
        kind: 'sine' as const,
        meanMiB,
        amplitudeMiB,
        periodS,
        activePct,
        ...c,
      })),
    fc
      .tuple(mib, mib, fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 20 }), pct, content)
      .map(([baseMiB, burstMiB, meanGapS, burstS, activePct, c]) => ({
        kind: 'bursty' as const,
        baseMiB,
        burstMiB,
        meanGapS,
        burstS,
        activePct,
        ...c,
      })),
    fc
      .tuple(
        fc.uniqueArray(fc.integer({ min: 0, max: 120 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.tuple(mib, pct), { minLength: 5, maxLength: 5 }),
        content,
      )
      .map(([times, values, c]) => ({
        kind: 'trace' as const,
        samples: [...times]
          .sort((a, b) => a - b)
          .map((atS, i) => ({ atS, demandMiB: values[i]![0], activePct: values[i]![1] })),
        ...c,
      })),
  );
}

const vmIds = ['a', 'b', 'c', 'd'];

/** A VM setting change that is valid for a VM of `memoryMiB` with reservation changes kept modest. */
export function settingsArb(memoryMiB: number) {
  return fc.record(
    {
      reservationMiB: fc.integer({ min: 0, max: Math.round(memoryMiB / 4) }),
      limitMiB: fc.option(fc.integer({ min: Math.round(memoryMiB / 4), max: memoryMiB * 2 }), { nil: null }),
      shares: fc.oneof(
        fc.constantFrom('low' as const, 'normal' as const, 'high' as const),
        fc.integer({ min: 1, max: 100_000 }),
      ),
      balloonDriver: fc.constantFrom('ok' as const, 'absent' as const, 'slow' as const, 'stuck' as const),
      workload: workloadArb(memoryMiB),
    },
    { requiredKeys: [] },
  );
}

/** A small random lab: 512-1024 MiB host, 1-4 VMs, random policy knobs and events. */
export const scenarioArb: fc.Arbitrary<ScenarioInput> = fc
  .record({
    hostMiB: fc.integer({ min: 512, max: 1024 }),
    seed: fc.integer({ min: 0, max: 2 ** 31 }),
    durationS: fc.integer({ min: 30, max: 90 }),
    tickMs: fc.constantFrom(500, 1000, 1000, 1000, 2000),
    vmMiB: fc.array(fc.integer({ min: 64, max: 384 }), { minLength: 1, maxLength: 4 }),
    idleTaxPct: fc.integer({ min: 0, max: 95 }),
    samplePeriodS: fc.integer({ min: 2, max: 20 }),
    balancePeriodS: fc.integer({ min: 1, max: 15 }),
    balloonMaxPct: fc.integer({ min: 0, max: 100 }),
    scope: fc.constantFrom('vm' as const, 'host' as const),
    scanTimeMin: fc.constantFrom(0.2, 0.5, 1, 60),
    compression: fc.boolean(),
    largePages: fc.constantFrom(null, true, false),
    cachePct: fc.integer({ min: 0, max: 30 }),
  })
  .chain((base) =>
    fc
      .tuple(
        ...base.vmMiB.map((memoryMiB, i) =>
          fc.record({
            id: fc.constant(vmIds[i]!),
            memoryMiB: fc.constant(memoryMiB),
            reservationMiB: fc.integer({ min: 0, max: Math.round(memoryMiB / 3) }),
            limitMiB: fc.option(fc.integer({ min: Math.round(memoryMiB / 3), max: memoryMiB }), {
              nil: null,
            }),
            shares: fc.constantFrom('low' as const, 'normal' as const, 'high' as const),
            guestOs: fc.constantFrom(
              'linux' as const,
              'windows' as const,
              'freebsd' as const,
              'other' as const,
            ),
            balloonDriver: fc.constantFrom(
              'ok' as const,
              'ok' as const,
              'absent' as const,
              'slow' as const,
              'stuck' as const,
            ),
            powerOnAtS: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null, freq: 6 }),
            kernelMiB: fc.integer({ min: 0, max: 48 }),
            // Small swap spaces too, so the OOM killer and failed balloon allocations are reached.
            guestSwapMiB: fc.option(fc.integer({ min: 0, max: Math.round(memoryMiB / 2) }), { nil: null }),
            oomRestartS: fc.integer({ min: 0, max: 20 }),
            workload: workloadArb(memoryMiB),
          }),
        ),
      )
      .chain((vms) =>
        fc
          .array(
            fc.integer({ min: 0, max: vms.length - 1 }).chain((i) =>
              fc.record({
                atS: fc.integer({ min: 0, max: base.durationS }),
                vm: fc.constant(vms[i]!.id),
                set: fc.option(settingsArb(vms[i]!.memoryMiB), { nil: undefined }),
                power: fc.option(fc.constantFrom('on' as const, 'off' as const), { nil: undefined }),
              }),
            ),
            { maxLength: 6 },
          )
          .map((events) => ({
            seed: base.seed,
            durationS: base.durationS,
            tickMs: base.tickMs,
            host: { memoryMiB: base.hostMiB, hypervisorMiB: 32, largePages: base.largePages },
            policy: {
              idleTaxPct: base.idleTaxPct,
              samplePeriodS: base.samplePeriodS,
              balancePeriodS: base.balancePeriodS,
              balloonMaxPct: base.balloonMaxPct,
              pageSharing: { scope: base.scope, scanTimeMin: base.scanTimeMin },
              compression: { enabled: base.compression, cachePct: base.cachePct },
            },
            vms,
            events: events
              .filter((e) => e.set !== undefined || e.power !== undefined)
              .map((e) => {
                const out: Record<string, unknown> = { atS: e.atS, vm: e.vm };
                if (e.set) out['set'] = e.set;
                if (e.power) out['power'] = e.power;
                return out;
              }),
          })),
      ),
  ) as fc.Arbitrary<ScenarioInput>;

/** Live interventions at ticks: (tick offset, intervention). */
export function interventionsArb(vms: ReadonlyArray<{ id: string; memoryMiB: number }>, ticks: number) {
  return fc.array(
    fc.integer({ min: 0, max: vms.length - 1 }).chain((i) =>
      fc.record({
        tick: fc.integer({ min: 0, max: ticks - 1 }),
        intervention: fc
          .record({
            set: fc.option(settingsArb(vms[i]!.memoryMiB), { nil: undefined }),
            power: fc.option(fc.constantFrom('on' as const, 'off' as const), { nil: undefined }),
          })
          .filter((x) => x.set !== undefined || x.power !== undefined)
          .map((x): Intervention => {
            const out: Intervention = { vm: vms[i]!.id };
            // Input shape (defaults not applied yet): the engine validates and completes it, as for live input.
            if (x.set) out.set = x.set as Intervention['set'];
            if (x.power) out.power = x.power;
            return out;
          }),
      }),
    ),
    { maxLength: 5 },
  );
}
