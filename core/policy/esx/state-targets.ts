import type { HostState } from '../../model/counters';
import type { PolicyVmView, VmTargets } from '../policy-types';

/** A balloon that has not moved toward its target for this long counts as not working. */
export const NO_PROGRESS_TICKS_S = 10;

/**
 * Balloon and swap targets from an allocation target under the ESX state table: soft
 * balloons toward the target; hard and low stop inflating and swap (and compress) the rest;
 * high and clear only let balloons deflate. A VM above its limit is reclaimed whatever the
 * state: by its balloon while ballooning runs, by swapping where the balloon cannot.
 */
export function stateTargets(
  state: HostState,
  vm: PolicyVmView,
  allocTargetPages: number,
  tick: number,
  tickMs: number,
  previousBalloonTarget: number,
): VmTargets {
  const consumed = vm.consumedPages;
  const balloon = vm.balloonPages;
  const reclaimedByHost = vm.swappedPages + vm.compressedPages;
  const cap = vm.driver === 'absent' ? 0 : vm.balloonMaxPages;
  const excess = consumed - allocTargetPages;
  const desired = Math.min(cap, Math.max(0, balloon + excess));
  let balloonTarget: number;
  // Outside hard and low nothing new is swapped (pages the host holds come back as they are touched).
  let swapTarget = 0;
  switch (state) {
    case 'soft':
      balloonTarget = desired;
      break;
    case 'hard':
    case 'low':
      balloonTarget = Math.min(balloon, desired);
      swapTarget = reclaimedByHost + Math.max(0, excess);
      break;
    default:
      balloonTarget = Math.min(balloon, desired);
  }
  const overLimit = consumed - vm.limitPages;
  if (overLimit > 0 && state !== 'hard' && state !== 'low') {
    // ESX cannot see a stuck driver, only a balloon that was asked to grow and did not.
    const asked = previousBalloonTarget > balloon;
    const idleTicks = tick - Math.max(0, vm.balloonProgressTick);
    const stalled = cap === 0 || (asked && idleTicks > (NO_PROGRESS_TICKS_S * 1000) / tickMs);
    const byBalloon = stalled ? 0 : Math.min(cap, balloon + overLimit) - balloon;
    balloonTarget = Math.max(balloonTarget, balloon + byBalloon);
    swapTarget = Math.max(swapTarget, reclaimedByHost + overLimit - byBalloon);
  }
  return { allocTargetPages, balloonTargetPages: balloonTarget, swapTargetPages: swapTarget };
}
