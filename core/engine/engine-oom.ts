import { appPid, oomKill } from '../guest/guest-oom';
import { CLASS_BALLOON, CLASS_FREE, CONTENT_ZERO, HV_UNBACKED, pageByte } from '../memory/page-codes';
import { ST_DEFLATED } from '../model/vm-stats';
import { fmtMiB } from '../model/units';
import type { BalloonModel } from '../scenario/vm-schema';
import { VIRTIO_OOM_DEFLATE_PAGES } from './balloon-models';
import type { World } from './engine-world';
import type { VmRuntime } from './vm-runtime';

/**
 * virtio-balloon's deflate-on-oom: the driver's OOM notifier hands pages back from the balloon
 * (VIRTIO_BALLOON_OOM_NR_PAGES per notification) so the kernel need not kill a process. The
 * host's target is unchanged, so the balloon inflates again at its next chance: guest and
 * host pull against each other, as they do on a real KVM host. True when it freed pages.
 */
function deflateOnOom(w: World, vm: VmRuntime, model: BalloonModel): boolean {
  if (model !== 'virtio' || !vm.spec.virtio.deflateOnOom || vm.st.driver === 'absent') return false;
  const pages = vm.pages!;
  const n = Math.min(VIRTIO_OOM_DEFLATE_PAGES, pages.classTotals[CLASS_BALLOON]!);
  if (n === 0) return false;
  const freed = pageByte(CLASS_FREE, HV_UNBACKED, CONTENT_ZERO);
  for (let i = 0; i < n; i++) pages.set(pages.pickClass(CLASS_BALLOON, w.rng, 0), freed);
  vm.stats[ST_DEFLATED]! += n;
  w.log.add(
    vm.id,
    'driver',
    'warn',
    'deflate-on-oom',
    `virtio_balloon: out of memory: released ${n} pages from the balloon instead of killing a process (balloon ${fmtMiB(pages.classTotals[CLASS_BALLOON]!)})`,
  );
  return true;
}

/**
 * The guest ran out of memory: a virtio balloon with deflate-on-oom gives pages back first;
 * otherwise the OOM killer ends the application, logged as the kernel does, and its restart is
 * scheduled after the VM's oomRestartS.
 */
export function handleOutOfMemory(w: World, vm: VmRuntime, model: BalloonModel): void {
  if (deflateOnOom(w, vm, model)) return;
  const victim = oomKill(w.hv, vm);
  if (!victim) return;
  const restartTicks = Math.ceil((vm.spec.oomRestartS * 1000) / w.tickMs);
  vm.st.appDownUntilTick = w.sc.tick + Math.max(1, restartTicks);
  const kB = (pages: number) => pages * 4;
  w.log.add(
    vm.id,
    'guest',
    'error',
    'oom-kill',
    `Out of memory: Killed process ${victim.pid} (app) total-vm:${kB(victim.totalPages)}kB, anon-rss:${kB(victim.residentPages)}kB, file-rss:0kB, shmem-rss:0kB, swapents:${victim.swappedPages} ` +
      `(guest swap ${fmtMiB(vm.guestSwapPages)} full, no page cache left); restarting in ${vm.spec.oomRestartS} s`,
  );
}

/** Whether the application runs this tick; logs its restart after an OOM kill. */
export function appRunningNow(w: World, vm: VmRuntime): boolean {
  const until = vm.st.appDownUntilTick;
  if (until < 0) return true;
  if (w.sc.tick < until) return false;
  vm.st.appDownUntilTick = -1;
  w.log.add(
    vm.id,
    'guest',
    'info',
    'app-restart',
    `application restarted as pid ${appPid(vm)} after the OOM kill`,
  );
  return true;
}
