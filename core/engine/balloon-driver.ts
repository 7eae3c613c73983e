import { fmtMiB, mibToPages, pagesPerMiB } from '../model/units';
import type { PolicySpec } from '../scenario/policy-schema';
import { deflateHyperv, pendingHotAddPages, realBalloonPages } from './hyperv-hot-add';
import { CLASS_BALLOON, CLASS_FREE, CONTENT_ZERO, HV_UNBACKED, pageByte } from '../memory/page-codes';
import { ST_DEFLATED } from '../model/vm-stats';
import type { BalloonModel } from '../scenario/vm-schema';
import {
  LOG_EVERY_POLLS,
  RATE_FREE,
  SLOW_DRIVER_PAGES_PER_S,
  STUCK_REPORT_POLLS,
} from './balloon-driver-state';
import { inflateLegacy } from './balloon-legacy';
import {
  balloonModelFor,
  balloonSize,
  failureMessage,
  FAST_BALLOON_PAGES_PER_S,
  inflateFast,
  progressMessage,
  xenBackoff,
} from './balloon-models';
import type { EngineLog } from './engine-log';
import type { Hypervisor } from './hypervisor';
import type { VmRuntime } from './vm-runtime';

/**
 * MCTLMAX: the balloon never exceeds Mem.CtlMaxPercent of configured memory; 0 without a
 * driver. Hyper-V has no such percentage: its balloon may take a VM down to its minimum RAM
 * (the larger of its reservation and `hyperv.minimumMiB`), and memory not yet hot-added
 * counts against the same bound.
 */
export function balloonMaxPages(vm: VmRuntime, policy: PolicySpec): number {
  if (vm.st.driver === 'absent') return 0;
  if (balloonModelFor(vm.spec.balloonModel, policy.kind) === 'hyperv') {
    const minimum = Math.max(vm.st.reservationPages, mibToPages(policy.hyperv.minimumMiB));
    return Math.max(0, vm.memoryPages - minimum);
  }
  return Math.floor((policy.balloonMaxPct / 100) * vm.memoryPages);
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

function flush(vm: VmRuntime, log: EngineLog, target: number, model: BalloonModel): void {
  const d = vm.st.balloon;
  if (model !== 'vmw-legacy') {
    flushFast(vm, log, target, model);
    return;
  }
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

function flushFast(vm: VmRuntime, log: EngineLog, target: number, model: BalloonModel): void {
  const d = vm.st.balloon;
  if (d.logDir !== 0 && d.logPages > 0) {
    const dir = d.logDir;
    log.add(
      vm.id,
      'driver',
      'info',
      dir > 0 ? 'inflate' : 'deflate',
      progressMessage(
        model,
        dir,
        d,
        balloonSize(vm) - pendingHotAddPages(vm),
        target - pendingHotAddPages(vm),
      ),
    );
  }
  if (d.logFailures > 0) log.add(vm.id, 'driver', 'warn', 'alloc-failed', failureMessage(model, d));
  d.logDir = 0;
  d.logPages = 0;
  d.logPolls = 0;
  d.logFailures = 0;
  d.logShortPages = 0;
}

function deflate(vm: VmRuntime, n: number): number {
  const pages = vm.pages!;
  const done = pages.sweepSet(CLASS_BALLOON, n, 0, pageByte(CLASS_FREE, HV_UNBACKED, CONTENT_ZERO));
  vm.stats[ST_DEFLATED]! += done;
  return done;
}

/** Releases the whole balloon at once (the driver was removed or the VM reset). */
export function releaseBalloon(h: Hypervisor, vm: VmRuntime): number {
  if (!vm.pages) return 0;
  // Memory Hyper-V has not hot-added yet is not the balloon's to release.
  if (pendingHotAddPages(vm) > 0) return deflateHyperv(vm, realBalloonPages(vm), null);
  return deflate(vm, vm.pages.classTotals[CLASS_BALLOON]!);
}

/**
 * One poll of the balloon driver (the drivers poll or are told their target every second):
 * vmw-legacy inflates at its adaptive rate ({@link inflateLegacy}); the other models as fast as
 * the guest gives pages, stopping at the first failure ({@link inflateFast}), the Xen driver then
 * backing off. Deflation runs at 16384 pages/s (legacy) or the fast bound. `slow` caps every poll
 * at 256 pages; `stuck` never moves; `absent` has no driver.
 */
export function pollBalloon(
  h: Hypervisor,
  vm: VmRuntime,
  log: EngineLog,
  tick: number,
  tickMs: number,
  capPages: number,
  model: BalloonModel,
): void {
  const d = vm.st.balloon;
  const driver = vm.st.driver;
  if (driver === 'absent') return;
  const size = vm.pages!.classTotals[CLASS_BALLOON]!;
  const wanted = balloonTargetPages(vm, capPages);
  if (wanted !== d.loggedTarget && (d.loggedTarget < 0 || Math.abs(wanted - d.loggedTarget) >= pagesPerMiB)) {
    const pending = pendingHotAddPages(vm);
    log.add(
      vm.id,
      'driver',
      'info',
      'target',
      pending > 0 || model === 'hyperv'
        ? `hv_balloon: memory target ${fmtMiB(vm.memoryPages - wanted)} (balloon ${fmtMiB(size - pending)}, ${fmtMiB(pending)} not hot-added yet)`
        : `balloon target ${fmtMiB(wanted)} (balloon ${fmtMiB(size)})`,
    );
    d.loggedTarget = wanted;
  }
  // Never unback the VM below its reservation.
  const target = Math.min(wanted, size + vm.reclaimablePages);
  if (d.slowCycles > 0) d.slowCycles--;
  if (size === target) {
    flush(vm, log, target, model);
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
  const legacy = model === 'vmw-legacy';
  const cap = driver === 'slow' ? SLOW_DRIVER_PAGES_PER_S : legacy ? Infinity : FAST_BALLOON_PAGES_PER_S;
  const dir = target > size ? 1 : -1;
  if (dir > 0 && model === 'xen' && tick < d.backoffUntilTick) return;
  if (d.logDir !== 0 && d.logDir !== dir) flush(vm, log, target, model);
  let moved: number;
  if (dir < 0) {
    const n = Math.min(size - target, legacy ? RATE_FREE : cap, cap);
    moved = model === 'hyperv' ? deflateHyperv(vm, n, log) : deflate(vm, n);
  } else if (legacy) moved = inflateLegacy(h, vm, Math.min(target - size, cap));
  else {
    const failuresBefore = d.logFailures;
    moved = inflateFast(h, vm, Math.min(target - size, cap), d);
    const failed = d.logFailures > failuresBefore;
    if (model === 'xen') xenBackoff(d, failed, tick, tickMs);
    // The Xen driver says so at each failure, which its back-off spaces out.
    if (failed && model === 'xen') {
      d.logDir = dir;
      d.logPages += moved;
      d.logPolls++;
      flush(vm, log, target, model);
      if (moved > 0) d.progressTick = tick;
      return;
    }
  }
  if (moved > 0) d.progressTick = tick;
  d.logDir = dir;
  d.logPages += moved;
  d.logPolls++;
  const reached = vm.pages!.classTotals[CLASS_BALLOON] === target;
  if (reached || d.logPolls >= LOG_EVERY_POLLS) flush(vm, log, target, model);
}
