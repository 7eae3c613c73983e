import { getFreePage, RECLAIM_ALL, RECLAIM_NONE } from '../guest/guest-alloc';
import { CLASS_BALLOON, CLASS_FREE, HV_UNBACKED, pageByte } from '../guest/page-codes';
import { CONTENT_ZERO } from '../workload/content-mix';
import {
  LOG_EVERY_POLLS,
  NOSLEEP_ALLOC_MAX,
  RATE_ALLOC_INC,
  RATE_ALLOC_MAX,
  RATE_ALLOC_MIN,
  RATE_FREE,
  SLOW_CYCLES,
  SLOW_DRIVER_PAGES_PER_S,
  STUCK_REPORT_POLLS,
} from './balloon-driver-state';
import { fmtMiB, type EngineLog } from './engine-log';
import type { Hypervisor } from './hypervisor';
import { balloonPage } from './page-ops';
import type { VmRuntime } from './vm-runtime';
import { ST_DEFLATED, ST_INFLATED } from './vm-stats';

/** MCTLMAX: the balloon never exceeds Mem.CtlMaxPercent of configured memory; 0 without a driver. */
export function balloonMaxPages(vm: VmRuntime, balloonMaxPct: number): number {
  return vm.st.driver === 'absent' ? 0 : Math.floor((balloonMaxPct / 100) * vm.memoryPages);
}

/**
 * MCTLTGT: the policy's balloon target, raised to what the VM's limit requires. ESXi enforces a
 * limit below the configured size with the balloon first, whatever the host's state: the guest
 * may use at most `limit` of its memory, so the balloon holds the rest (up to MCTLMAX), and
 * the host compresses or swaps only what the balloon cannot take or has not taken yet.
 */
export function balloonTargetPages(vm: VmRuntime, capPages: number): number {
  const forLimit = vm.memoryPages - vm.limitPages;
  return Math.min(capPages, Math.max(0, vm.st.balloonTarget, forLimit));
}

function flush(vm: VmRuntime, log: EngineLog, target: number): void {
  const d = vm.st.balloon;
  if (d.logDir !== 0 && d.logPages > 0) {
    const size = vm.pages!.classTotals[CLASS_BALLOON]!;
    const rate = Math.round(d.logPages / Math.max(1, d.logPolls));
    const how =
      d.logDir > 0
        ? `${d.logNoSleep} without sleeping, ${d.logSleep} sleeping (rate ${d.rateAlloc} pages/s)`
        : 'freed';
    log.add(
      vm.id,
      'driver',
      'info',
      d.logDir > 0 ? 'inflate' : 'deflate',
      `${d.logDir > 0 ? 'inflated' : 'deflated'} ${d.logPages} pages (${fmtMiB(d.logPages)}) in ${d.logPolls} s at ${rate} pages/s: ${how}; balloon ${fmtMiB(size)}, target ${fmtMiB(target)}`,
    );
  }
  if (d.logFailures > 0) {
    log.add(
      vm.id,
      'driver',
      'warn',
      'alloc-failed',
      `${d.logFailures} sleeping allocation${d.logFailures > 1 ? 's' : ''} failed: the guest has nothing left to reclaim; rate ${d.logRateBefore} -> ${d.rateAlloc} pages/s`,
    );
  }
  d.logDir = 0;
  d.logPages = 0;
  d.logPolls = 0;
  d.logFailures = 0;
  d.logNoSleep = 0;
  d.logSleep = 0;
}

/** Inflates by up to `need` pages in one poll, as vmw_balloon's vmballoon_inflate does. Returns pages added. */
function inflate(h: Hypervisor, vm: VmRuntime, need: number): number {
  const d = vm.st.balloon;
  const bytes = vm.pages!.bytes;
  let sleeping = d.slowCycles > 0;
  let rate = sleeping ? d.rateAlloc : NOSLEEP_ALLOC_MAX;
  let allocations = 0;
  let failed = false;
  while (allocations < need) {
    const p = getFreePage(h, vm, sleeping ? RECLAIM_ALL : RECLAIM_NONE);
    if (p < 0) {
      if (sleeping) {
        // The guest is under severe pressure: back off quickly.
        if (d.logFailures === 0) d.logRateBefore = d.rateAlloc;
        d.rateAlloc = Math.max(Math.floor(d.rateAlloc / 2), RATE_ALLOC_MIN);
        d.logFailures++;
        failed = true;
        break;
      }
      // No free pages: the guest must reclaim from now on, at the adaptive rate.
      d.slowCycles = SLOW_CYCLES;
      if (allocations >= d.rateAlloc) break;
      sleeping = true;
      rate = d.rateAlloc;
      continue;
    }
    balloonPage(h, vm, p, bytes[p]!);
    allocations++;
    if (sleeping) d.logSleep++;
    else d.logNoSleep++;
    if (allocations >= rate) break;
  }
  if (!failed && sleeping && allocations >= d.rateAlloc) {
    d.rateAlloc = Math.min(
      d.rateAlloc + Math.floor(allocations / d.rateAlloc) * RATE_ALLOC_INC,
      RATE_ALLOC_MAX,
    );
  }
  vm.stats[ST_INFLATED]! += allocations;
  return allocations;
}

function deflate(vm: VmRuntime, h: Hypervisor, n: number): number {
  const pages = vm.pages!;
  const freed = pageByte(CLASS_FREE, HV_UNBACKED, CONTENT_ZERO);
  let done = 0;
  for (; done < n; done++) {
    const p = pages.pickClass(CLASS_BALLOON, h.rng, 0);
    if (p < 0) break;
    pages.set(p, freed);
  }
  vm.stats[ST_DEFLATED]! += done;
  return done;
}

/** Releases the whole balloon at once (the driver was removed or the VM reset). */
export function releaseBalloon(h: Hypervisor, vm: VmRuntime): number {
  return vm.pages ? deflate(vm, h, vm.pages.classTotals[CLASS_BALLOON]!) : 0;
}

/**
 * One poll of the balloon driver (vmw_balloon polls its target every second): inflate
 * without sleeping while the guest has free pages (up to 16384 pages/s), else with sleeping
 * allocations that make the guest reclaim, at a rate adapting between 512 and 2048 pages/s
 * (halved on a failed allocation, +16 per multiple of the rate achieved); deflate up to
 * 16384 pages/s. `slow` caps every poll at 256 pages; `stuck` never moves; `absent` has no driver.
 */
export function pollBalloon(
  h: Hypervisor,
  vm: VmRuntime,
  log: EngineLog,
  tick: number,
  capPages: number,
): void {
  const d = vm.st.balloon;
  const driver = vm.st.driver;
  if (driver === 'absent') return;
  const size = vm.pages!.classTotals[CLASS_BALLOON]!;
  const wanted = balloonTargetPages(vm, capPages);
  if (wanted !== d.loggedTarget && (d.loggedTarget < 0 || Math.abs(wanted - d.loggedTarget) >= 256)) {
    log.add(vm.id, 'driver', 'info', 'target', `balloon target ${fmtMiB(wanted)} (balloon ${fmtMiB(size)})`);
    d.loggedTarget = wanted;
  }
  // Never unback the VM below its reservation.
  const target = Math.min(wanted, size + vm.reclaimablePages);
  if (d.slowCycles > 0) d.slowCycles--;
  if (size === target) {
    flush(vm, log, target);
    d.stuckPolls = 0;
    return;
  }
  if (driver === 'stuck') {
    if (d.stuckPolls++ % STUCK_REPORT_POLLS === 0) {
      log.add(
        vm.id,
        'driver',
        'warn',
        'stuck',
        `driver stuck: balloon ${fmtMiB(size)} does not move toward target ${fmtMiB(target)}`,
      );
    }
    return;
  }
  const cap = driver === 'slow' ? SLOW_DRIVER_PAGES_PER_S : Infinity;
  const dir = target > size ? 1 : -1;
  if (d.logDir !== 0 && d.logDir !== dir) flush(vm, log, target);
  const moved =
    dir > 0
      ? inflate(h, vm, Math.min(target - size, cap))
      : deflate(vm, h, Math.min(size - target, RATE_FREE, cap));
  if (moved > 0) d.progressTick = tick;
  d.logDir = dir;
  d.logPages += moved;
  d.logPolls++;
  const reached = vm.pages!.classTotals[CLASS_BALLOON] === target;
  if (reached || d.logPolls >= LOG_EVERY_POLLS) flush(vm, log, target);
}
