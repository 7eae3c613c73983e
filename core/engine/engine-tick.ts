import { guestTick } from '../guest/guest-tick';
import { HV_COMPRESSED, HV_SWAPPED } from '../memory/page-codes';
import { nextHostState } from '../host/host-state';
import { balloonMaxPages, pollBalloon } from './balloon-driver';
import { fmtMiB } from '../model/units';
import { applyIntervention, checkIntervention, InterventionError } from './engine-apply';
import type { World } from './engine-world';
import { flushHvLog, recordHvActivity } from './hv-activity-log';
import { endPeriod, estimate, observeTick, startPeriod } from './memory-monitor';
import { logKsmCounters, scanForSharing, sharingRate } from './page-sharing';
import { M_SHARED } from '../memory/machine-memory';
import { hostView, vmView } from './policy-views';
import { chargedPages, savedPerSharedPage } from './sharing-savings';
import type { VmRuntime } from './vm-runtime';
import type { PolicyVmView } from '../policy/policy-types';
import { ST_CACHE_MISS, ST_DECOMPRESS, ST_GUEST_SWAP_IN, ST_SWAP_IN } from '../model/vm-stats';
import { FILE_READAHEAD_PAGES } from '../guest/guest-defaults';
import { IN_OUT_OF_MEMORY, IN_WAIT } from '../guest/guest-faults';
import { balloonModelFor } from './balloon-models';
import { appRunningNow, handleOutOfMemory } from './engine-oom';
import { reportFreePages } from './free-page-reporting';
import { populateDomain } from './xen-populate';
import { reclaimLru } from './host-lru-reclaim';

/** Host swap-out bandwidth per VM toward its swap target: 32768 pages (128 MiB) per second. */
export const HOST_SWAP_PAGES_PER_S = 32768;
/** Smoothing of the guest's run rate (see VmScalars.progress). */
const PROGRESS_GAIN = 0.5;
/** Page sharing runs once free memory is below this many percent of minFree (large pages broken below 400%). */
export const SHARING_BELOW_PCT = 400;

function applyDue(w: World): void {
  const s = w.schedule;
  while (w.sc.scheduleCursor < s.length && s[w.sc.scheduleCursor]!.tick <= w.sc.tick) {
    const change = s[w.sc.scheduleCursor]!.intervention;
    w.sc.scheduleCursor++;
    try {
      applyIntervention(w, checkIntervention(w, change));
    } catch (err) {
      // A scheduled event that no longer fits the VM's state (e.g. a limit below a reservation set later) is skipped.
      if (!(err instanceof InterventionError)) throw err;
      w.log.add(
        change.vm,
        'hypervisor',
        'error',
        'event-rejected',
        `scheduled change skipped: ${err.message}`,
      );
    }
  }
}

/** A policy's number as whole pages; a value that is not finite keeps the previous target. */
function whole(pages: number, previous: number): number {
  return Number.isFinite(pages) ? Math.round(pages) : previous;
}

function decide(w: World, on: VmRuntime[], savedPerShared: number): void {
  if (on.length === 0) return;
  // Built by push, not map: an optimized Array#map returns holey arrays, which the policy's
  // code (optimized for packed ones) would deoptimize on.
  const views: PolicyVmView[] = [];
  for (const vm of on) views.push(vmView(w, vm, savedPerShared));
  const decision = w.policy.decide(hostView(w), views);
  if (!decision) return;
  for (const vm of on) {
    const t = decision.targets.get(vm.id);
    if (!t) continue;
    // The engine, not the policy, owns the invariants: targets are clamped to what is possible.
    const cap = balloonMaxPages(vm, w.scenario.policy);
    const floor = Math.min(vm.st.reservationPages, vm.limitPages);
    vm.st.allocTarget = Math.min(
      vm.limitPages,
      Math.max(floor, whole(t.allocTargetPages, vm.st.allocTarget)),
    );
    vm.st.balloonTarget = Math.min(cap, Math.max(0, whole(t.balloonTargetPages, vm.st.balloonTarget)));
    vm.st.swapTarget = Math.max(0, whole(t.swapTargetPages, vm.st.swapTarget));
  }
  for (const n of decision.notes) w.log.add(n.vm, 'hypervisor', 'info', n.event, n.message);
}

function monitorTick(w: World, vm: VmRuntime): void {
  const m = vm.st.monitor;
  const pages = vm.pages!;
  const n = w.scenario.policy.samplePages;
  if (m.samples.length === 0) startPeriod(m, pages, w.rng, n);
  observeTick(m, pages);
  const periodTicks = Math.max(1, Math.round((w.scenario.policy.samplePeriodS * 1000) / w.tickMs));
  if (m.ticksInPeriod >= periodTicks) {
    const touched = m.touchedCount;
    const f = endPeriod(m);
    const est = estimate(m);
    w.log.add(
      vm.id,
      'monitor',
      'debug',
      'estimate',
      `sampled ${touched}/${n} pages touched (f=${f.toFixed(2)}); slow ${m.slow.toFixed(3)}, fast ${m.fast.toFixed(3)}: active estimate ${(100 * est).toFixed(1)}% = ${fmtMiB(est * vm.memoryPages)} (true ${fmtMiB(vm.pages!.classTotals[1]!)})`,
    );
    startPeriod(m, pages, w.rng, n);
  }
}

function swapTowardTarget(w: World, vm: VmRuntime): void {
  const pages = vm.pages!;
  const need = vm.st.swapTarget - pages.hvTotals[HV_SWAPPED]! - pages.hvTotals[HV_COMPRESSED]!;
  if (need <= 0) return;
  const n = Math.min(need, Math.max(1, Math.floor(HOST_SWAP_PAGES_PER_S * w.dtS)));
  // A KVM host reclaims guest memory with its own LRU; ESXi picks pages at random.
  if (w.scenario.policy.kind === 'kvm-mom') reclaimLru(w.hv, vm, n);
  else w.hv.reclaimFrom(vm, n, w.scenario.policy.compression.enabled);
}

/**
 * The performance index of a tick: tick / (tick + stall). Stall is the time the guest spent
 * waiting on memory: each host swap-in costs the host's swap latency, each decompression its
 * decompress latency, each guest swap-in (a major fault) one random read of the guest's
 * virtual disk, each page-cache miss a readahead share of one (guest-defaults
 * FILE_READAHEAD_PAGES), and a tick in which an allocation or fault had to wait (blocked in
 * the low state, no machine page) the whole tick. While the application is down after an OOM
 * kill it does no work at all: index 0.
 */
function updatePerf(w: World, vm: VmRuntime, waited: boolean, appRunning: boolean): void {
  const s = vm.stats;
  const host = w.scenario.host;
  const stallUs =
    s[ST_SWAP_IN]! * host.swapInLatencyUs +
    s[ST_DECOMPRESS]! * host.decompressLatencyUs +
    s[ST_GUEST_SWAP_IN]! * vm.guestDiskLatencyUs +
    (s[ST_CACHE_MISS]! * vm.guestDiskLatencyUs) / FILE_READAHEAD_PAGES;
  vm.st.stallMs = appRunning ? stallUs / 1000 + (waited ? w.tickMs : 0) : w.tickMs;
  vm.st.perfIndex = appRunning ? w.tickMs / (w.tickMs + vm.st.stallMs) : 0;
  vm.st.progress = PROGRESS_GAIN * vm.st.perfIndex + (1 - PROGRESS_GAIN) * vm.st.progress;
}

function updateHostState(w: World): void {
  const t = w.scenario.host.thresholdsPct;
  const before = w.sc.hostState;
  const after = nextHostState(before, w.machine.freePages, w.minFreePages, t, w.scenario.host.hysteresisPct);
  w.sc.stateChanged = after !== before;
  if (after !== before) {
    w.sc.hostState = after;
    const pct = w.minFreePages > 0 ? (100 * w.machine.freePages) / w.minFreePages : 0;
    w.log.add(
      '',
      'hypervisor',
      after === 'low' || after === 'hard' ? 'warn' : 'info',
      'state',
      `host state ${before} -> ${after}: free ${fmtMiB(w.machine.freePages)} (${pct.toFixed(0)}% of minFree ${fmtMiB(w.minFreePages)})`,
    );
  }
}

/** Simulates one tick: scheduled changes, policy, guests, balloon drivers, page sharing, host swapping, state. */
export function simulateTick(w: World): void {
  const tick = w.sc.tick;
  w.log.tick = tick;
  w.log.timeS = (tick * w.tickMs) / 1000;
  applyDue(w);
  const on = w.vms.filter((vm) => vm.st.poweredOn);
  for (const vm of on) vm.stats.fill(0);
  w.hv.emergencyPages = 0;
  const savedPerShared = savedPerSharedPage(w);
  decide(w, on, savedPerShared);
  const low = w.sc.hostState === 'low';
  for (const vm of on)
    vm.st.blocked =
      low && chargedPages(vm, w.hv.config.targetsInMachineMemory, savedPerShared) > vm.st.allocTarget;

  const dtS = w.dtS;
  const polls = Math.floor(((tick + 1) * w.tickMs) / 1000) - Math.floor((tick * w.tickMs) / 1000);
  const policy = w.scenario.policy;
  const ksm = policy.kind === 'kvm-mom' && policy.mom.ksm.enabled ? policy.mom.ksm : null;
  // KSM runs while free memory is below its threshold of the host (MOM ksm.rules); ESX page
  // sharing once free memory is below 400% of minFree (where it breaks large pages).
  // A KVM host has KSM or nothing: ESX's transparent page sharing is not there.
  const sharing = ksm
    ? w.machine.freePages * 100 < ksm.thresholdPct * w.hostPages
    : policy.kind !== 'kvm-mom' &&
      policy.pageSharing.enabled &&
      w.machine.freePages * 100 < SHARING_BELOW_PCT * w.minFreePages;
  // Large pages break lazily in the high state below 400% of minFree, actively from clear down.
  const breakMode = w.sc.hostState === 'high' ? 'lazy' : 'active';
  for (const vm of on) {
    const workloadTimeS = ((tick - vm.st.workloadStartTick) * w.tickMs) / 1000;
    const model = balloonModelFor(vm.spec.balloonModel, w.scenario.policy.kind);
    const appRunning = appRunningNow(w, vm);
    const status = guestTick(w.hv, vm, workloadTimeS, dtS, appRunning);
    if (w.scenario.policy.kind === 'xen' && vm.guestOs !== 'windows') populateDomain(w, vm);
    if (status === IN_OUT_OF_MEMORY) handleOutOfMemory(w, vm, model);
    monitorTick(w, vm);
    const cap = balloonMaxPages(vm, w.scenario.policy);
    for (let i = 0; i < polls; i++) pollBalloon(w.hv, vm, w.log, tick, w.tickMs, cap, model);
    if (model === 'virtio' && vm.spec.virtio.freePageReporting && vm.st.driver !== 'absent')
      reportFreePages(w.hv, vm, tick, w.tickMs, w.log);
    if (sharing) {
      const rate = sharingRate(vm.memoryPages, policy.pageSharing, ksm, on.length);
      scanForSharing(w.hv, vm, dtS, rate, ksm !== null, w.log, breakMode);
    }
    swapTowardTarget(w, vm);
    // Out of memory is a wait when virtio's deflate-on-oom saved the application, the end of its work when the OOM killer did not.
    const stillRunning = appRunning && vm.st.appDownUntilTick < 0;
    updatePerf(w, vm, status === IN_WAIT || status === IN_OUT_OF_MEMORY, stillRunning);
  }
  for (const vm of on) recordHvActivity(w, vm);
  if (w.hv.emergencyPages > 0) w.sc.emergencyPages += w.hv.emergencyPages;
  flushHvLog(w, on);
  if (ksm && sharing && tick % Math.max(1, Math.round(60_000 / w.tickMs)) === 0)
    logKsmCounters(w.vms, w.machine.count(M_SHARED), w.log);
  updateHostState(w);
  w.sc.tick = tick + 1;
}
