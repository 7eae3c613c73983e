import fc from 'fast-check';
import { hostStates } from '../../../core/model/counters';
import { balloonDriverStates } from '../../../core/scenario/vm-schema';
import { policySchema, type PolicySpec } from '../../../core/scenario/policy-schema';
import type { PolicyHostView, PolicyVmView } from '../../../core/policy/policy-types';

/** MiB to 4 KiB pages, for readable test inputs. */
export const mib = (m: number) => Math.round(m * 256);

export function policySpec(input: Record<string, unknown> = {}): PolicySpec {
  return policySchema.parse(input);
}

/** A powered-on VM of `memoryMiB` that holds `consumedMiB` and uses `usedMiB` (defaults: nothing reclaimed). */
export function vmView(
  id: string,
  o: Partial<Omit<PolicyVmView, 'id'>> & { memoryMiB?: number; consumedMiB?: number; usedMiB?: number } = {},
): PolicyVmView {
  const memoryPages = o.memoryPages ?? mib(o.memoryMiB ?? 4096);
  const consumedPages = o.consumedPages ?? mib(o.consumedMiB ?? 2048);
  const balloonPages = o.balloonPages ?? 0;
  const guestUsedPages = o.guestUsedPages ?? mib(o.usedMiB ?? 2048);
  return {
    id,
    memoryPages,
    reservationPages: o.reservationPages ?? 0,
    limitPages: o.limitPages ?? memoryPages,
    shares: o.shares ?? (memoryPages / 256) * 10,
    memoryWeight: o.memoryWeight ?? 5000,
    consumedPages,
    grantPages: o.grantPages ?? consumedPages,
    touchedPages: o.touchedPages ?? consumedPages + balloonPages,
    balloonPages,
    balloonMaxPages: o.balloonMaxPages ?? Math.floor(memoryPages * 0.65),
    swappedPages: o.swappedPages ?? 0,
    compressedPages: o.compressedPages ?? 0,
    activeFraction: o.activeFraction ?? 0.3,
    guestUsedPages,
    guestFreePages: o.guestFreePages ?? Math.max(0, memoryPages - balloonPages - guestUsedPages),
    guestCachePages: o.guestCachePages ?? mib(256),
    guestSwappedPages: o.guestSwappedPages ?? 0,
    driver: o.driver ?? 'ok',
    balloonProgressTick: o.balloonProgressTick ?? -1,
  };
}

export function hostView(
  o: Partial<PolicyHostView> & { availableMiB?: number; freeMiB?: number; minFreeMiB?: number } = {},
): PolicyHostView {
  return {
    tick: o.tick ?? 0,
    tickMs: o.tickMs ?? 1000,
    totalPages: o.totalPages ?? o.availablePages ?? mib(o.availableMiB ?? 15_000),
    availablePages: o.availablePages ?? mib(o.availableMiB ?? 15_000),
    freePages: o.freePages ?? mib(o.freeMiB ?? 5000),
    minFreePages: o.minFreePages ?? mib(o.minFreeMiB ?? 655.36),
    state: o.state ?? 'high',
    stateChanged: o.stateChanged ?? false,
  };
}

/** Random but consistent VM views: every page of the VM in exactly one place, bounds as the engine keeps them. */
export const arbVmView = (id: string) =>
  fc
    .record({
      memoryMiB: fc.integer({ min: 64, max: 16_384 }),
      reservationFrac: fc.double({ min: 0, max: 1, noNaN: true }),
      limitFrac: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
      shares: fc.integer({ min: 1, max: 400_000 }),
      touchedFrac: fc.double({ min: 0, max: 1, noNaN: true }),
      balloonFrac: fc.double({ min: 0, max: 0.65, noNaN: true }),
      swapFrac: fc.double({ min: 0, max: 0.5, noNaN: true }),
      zipFrac: fc.double({ min: 0, max: 0.1, noNaN: true }),
      usedFrac: fc.double({ min: 0, max: 1, noNaN: true }),
      cacheFrac: fc.double({ min: 0, max: 0.5, noNaN: true }),
      driver: fc.constantFrom(...balloonDriverStates),
      progressTick: fc.integer({ min: -1, max: 1000 }),
    })
    .map((r): PolicyVmView => {
      const memoryPages = mib(r.memoryMiB);
      const reservationPages = Math.floor(memoryPages * r.reservationFrac);
      const limitPages =
        r.limitFrac === null
          ? memoryPages
          : Math.max(reservationPages, 1, Math.floor(memoryPages * r.limitFrac));
      const balloonMaxPages = Math.floor(memoryPages * 0.65);
      const balloonPages = Math.floor(balloonMaxPages * (r.balloonFrac / 0.65));
      const touchedPages = balloonPages + Math.floor((memoryPages - balloonPages) * r.touchedFrac);
      const outside = touchedPages - balloonPages;
      const swappedPages = Math.floor(outside * r.swapFrac);
      const compressedPages = Math.floor((outside - swappedPages) * r.zipFrac);
      const consumedPages = outside - swappedPages - compressedPages;
      const visible = memoryPages - balloonPages;
      const guestUsedPages = Math.floor(visible * r.usedFrac);
      return {
        id,
        memoryPages,
        reservationPages,
        limitPages,
        shares: r.shares,
        memoryWeight: r.shares % 10_001,
        consumedPages,
        grantPages: consumedPages,
        touchedPages,
        balloonPages,
        balloonMaxPages,
        swappedPages,
        compressedPages,
        activeFraction: r.usedFrac / 2,
        guestUsedPages,
        guestFreePages: visible - guestUsedPages,
        guestCachePages: Math.floor(guestUsedPages * r.cacheFrac),
        guestSwappedPages: 0,
        driver: r.driver,
        balloonProgressTick: r.progressTick,
      };
    });

export const arbVmViews = fc
  .integer({ min: 0, max: 12 })
  .chain((n) =>
    fc.tuple(...Array.from({ length: n }, (_, i) => arbVmView(`vm${String(i).padStart(2, '0')}`))),
  );

export const arbHostView = fc
  .record({
    tick: fc.integer({ min: 0, max: 100_000 }),
    tickMs: fc.constantFrom(100, 500, 1000, 2000),
    availableMiB: fc.integer({ min: 256, max: 262_144 }),
    freeFrac: fc.double({ min: 0, max: 1, noNaN: true }),
    minFreeMiB: fc.double({ min: 0, max: 5000, noNaN: true }),
    state: fc.constantFrom(...hostStates),
    stateChanged: fc.boolean(),
  })
  .map((r): PolicyHostView => ({
    tick: r.tick,
    tickMs: r.tickMs,
    totalPages: mib(r.availableMiB),
    availablePages: mib(r.availableMiB),
    freePages: Math.floor(mib(r.availableMiB) * r.freeFrac),
    minFreePages: mib(r.minFreeMiB),
    state: r.state,
    stateChanged: r.stateChanged,
  }));
