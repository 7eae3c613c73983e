import { getFreePage, RECLAIM_ALL } from '../guest/guest-alloc';
import { CLASS_BALLOON } from '../memory/page-codes';
import { ST_INFLATED } from '../model/vm-stats';
import { fmtMiB } from '../model/units';
import type { PolicySpec } from '../scenario/policy-schema';
import type { BalloonModel } from '../scenario/vm-schema';
import type { DriverState } from './balloon-driver-state';
import type { Hypervisor } from './hypervisor';
import { balloonPage } from './page-ops';
import type { VmRuntime } from './vm-runtime';

/**
 * The balloon driver each hypervisor's guests run unless a VM names one: current Linux guests
 * on ESXi run vmw_balloon as rewritten in Linux 4.20 (2018); KVM guests virtio_balloon;
 * Hyper-V guests hv_balloon; Xen guests the Xen balloon driver.
 */
export function balloonModelFor(model: BalloonModel | null, policy: PolicySpec['kind']): BalloonModel {
  if (model !== null) return model;
  switch (policy) {
    case 'kvm-mom':
      return 'virtio';
    case 'hyperv':
      return 'hyperv';
    case 'xen':
      return 'xen';
    default:
      return 'vmw-modern';
  }
}

/**
 * Pages per second the drivers without a rate limit of their own move: the lab's bound for
 * what one vCPU allocates and hands to the hypervisor, 1 GiB/s.
 */
export const FAST_BALLOON_PAGES_PER_S = 262_144;
/** Longest back-off of the Xen balloon driver after failed allocations (max_schedule_delay), seconds. */
export const XEN_MAX_BACKOFF_S = 32;
/** Pages virtio_balloon gives back on each OOM notification with deflate-on-oom (VIRTIO_BALLOON_OOM_NR_PAGES). */
export const VIRTIO_OOM_DEFLATE_PAGES = 256;

/**
 * One poll of a driver without vmw_balloon's old adaptive rate (vmw-modern, virtio, hyperv,
 * xen): each allocation may make the guest reclaim once, in its LRU order, but never retries
 * hard and never wakes the OOM killer (__GFP_NORETRY), so the first failure ends the poll.
 * Returns pages added; `d.logFailures` / `d.logShortPages` record a failure for the log.
 */
export function inflateFast(h: Hypervisor, vm: VmRuntime, need: number, d: DriverState): number {
  const bytes = vm.pages!.bytes;
  let done = 0;
  for (; done < need; done++) {
    const p = getFreePage(h, vm, RECLAIM_ALL);
    if (p < 0) {
      d.logFailures++;
      d.logShortPages = need - done;
      break;
    }
    balloonPage(h, vm, p, bytes[p]!);
  }
  vm.stats[ST_INFLATED]! += done;
  return done;
}

/** Xen's back-off after a failed allocation: the delay doubles up to 32 s; a success resets it to 1 s. */
export function xenBackoff(d: DriverState, failed: boolean, tick: number, tickMs: number): void {
  if (!failed) {
    d.backoffS = 1;
    d.backoffUntilTick = -1;
    return;
  }
  d.backoffUntilTick = tick + Math.max(1, Math.round((d.backoffS * 1000) / tickMs));
  d.backoffS = Math.min(XEN_MAX_BACKOFF_S, d.backoffS * 2);
}

/** What each driver calls inflating and deflating in its own messages. */
const words: Record<BalloonModel, { prefix: string; inflate: string; deflate: string }> = {
  'vmw-legacy': { prefix: '', inflate: 'inflated', deflate: 'deflated' },
  'vmw-modern': { prefix: 'vmw_balloon: ', inflate: 'inflate', deflate: 'deflate' },
  virtio: { prefix: 'virtio_balloon: ', inflate: 'fill_balloon', deflate: 'leak_balloon' },
  hyperv: { prefix: 'hv_balloon: ', inflate: 'balloon up', deflate: 'balloon down' },
  xen: { prefix: 'xen:balloon: ', inflate: 'decrease_reservation', deflate: 'increase_reservation' },
};

/** A fast model's progress line: `virtio_balloon: fill_balloon 1024 pages (4.0 MiB) in 1 s; ...`. */
export function progressMessage(
  model: BalloonModel,
  dir: number,
  d: DriverState,
  size: number,
  target: number,
): string {
  const w = words[model];
  return `${w.prefix}${dir > 0 ? w.inflate : w.deflate} ${d.logPages} pages (${fmtMiB(d.logPages)}) in ${d.logPolls} s; balloon ${fmtMiB(size)}, target ${fmtMiB(target)}`;
}

/** A fast model's failure line, in the driver's words. */
export function failureMessage(model: BalloonModel, d: DriverState): string {
  const times = d.logFailures > 1 ? ` (${d.logFailures} polls in a row)` : '';
  return failureText(model, d) + times;
}

function failureText(model: BalloonModel, d: DriverState): string {
  switch (model) {
    case 'virtio':
      return `virtio_balloon: Out of puff! Can't get ${d.logShortPages} pages`;
    case 'hyperv':
      return `hv_balloon: Balloon request will be partially fulfilled. ${d.logShortPages} pages could not be allocated`;
    case 'xen':
      return `xen:balloon: Cannot allocate memory (${d.logShortPages} pages short); retrying in ${d.backoffS} s`;
    default:
      return `vmw_balloon: inflation stopped ${d.logShortPages} pages short: the guest could not reclaim more (no retry until the next poll)`;
  }
}

/** Pages the guest's balloon holds. */
export function balloonSize(vm: VmRuntime): number {
  return vm.pages!.classTotals[CLASS_BALLOON]!;
}
