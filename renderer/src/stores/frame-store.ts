import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import type { Frame } from '../../../core/lab-api/lab-api-contract';
import type { GuestMap, HostMap } from '../../../core/model/memory-maps';
import type { HostCounters, VmCounters } from '../../../core/model/counters';

/**
 * The latest pushed frame: counters of the host and every VM, and the latest host and guest
 * maps. Everything sits in shallow refs: maps hold typed arrays and counters are replaced
 * whole each frame, so deep reactivity would only cost time.
 */
export const useFrameStore = defineStore('frame', () => {
  const seq = ref(-1);
  const tick = ref(0);
  const timeS = ref(0);
  const running = ref(false);
  const host = shallowRef<HostCounters | null>(null);
  const vms = shallowRef<readonly VmCounters[]>([]);
  const hostMap = shallowRef<HostMap | null>(null);
  const guestMap = shallowRef<GuestMap | null>(null);
  /** Bumped by every map that arrives, so views redraw only when there is something new. */
  const hostMapVersion = ref(0);
  const guestMapVersion = ref(0);
  /** Bumped by reset(): a new session or a restart, whose maps and windows start over. */
  const epoch = ref(0);

  const vmById = computed(() => new Map(vms.value.map((vm) => [vm.id, vm])));
  /**
   * Ids of all VMs, sorted (the engine's order): the stable order for colours. The same array
   * while the ids stay the same, so views keyed on it do not redo work every frame.
   */
  const vmIds = computed<readonly string[]>((previous) => {
    const next = vms.value.map((vm) => vm.id);
    return previous && previous.length === next.length && previous.every((id, i) => id === next[i])
      ? previous
      : next;
  });

  function applyFrame(frame: Frame): void {
    seq.value = frame.seq;
    tick.value = frame.tick;
    timeS.value = frame.timeS;
    running.value = frame.running;
    host.value = markRaw(frame.host);
    vms.value = markRaw(frame.vms);
    // A frame without a map means "unchanged": keep showing the previous one.
    if (frame.hostMap) {
      hostMap.value = markRaw(frame.hostMap);
      hostMapVersion.value += 1;
    }
    if (frame.guestMap) {
      guestMap.value = markRaw(frame.guestMap);
      guestMapVersion.value += 1;
    }
  }

  function reset(): void {
    seq.value = -1;
    tick.value = 0;
    timeS.value = 0;
    running.value = false;
    host.value = null;
    vms.value = [];
    hostMap.value = null;
    guestMap.value = null;
    hostMapVersion.value += 1;
    guestMapVersion.value += 1;
    epoch.value += 1;
  }

  return {
    seq,
    tick,
    timeS,
    running,
    host,
    vms,
    hostMap,
    guestMap,
    hostMapVersion,
    guestMapVersion,
    epoch,
    vmById,
    vmIds,
    applyFrame,
    reset,
  };
});
