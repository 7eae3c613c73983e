import { fmtMiB } from '../model/units';
import type { World } from './engine-world';
import type { VmRuntime } from './vm-runtime';
import { LARGE_PAGE_PAGES } from './large-pages';
import {
  ST_COMPRESS,
  ST_COUNT,
  ST_COW,
  ST_DECOMPRESS,
  ST_DOUBLE_PAGING,
  ST_GUEST_SWAP_IN,
  ST_GUEST_SWAP_OUT,
  ST_LARGE_BREAK,
  ST_SHARED,
  ST_SWAP_IN,
  ST_SWAP_OUT,
} from '../model/vm-stats';

/** Adds this tick's event counts to the VM's log accumulators. */
export function recordHvActivity(_w: World, vm: VmRuntime): void {
  const acc = vm.st.hvLog;
  for (let i = 0; i < ST_COUNT; i++) acc[i] = acc[i]! + vm.stats[i]!;
}

const parts: ReadonlyArray<readonly [index: number, label: string]> = [
  [ST_SWAP_OUT, 'swapped out'],
  [ST_COMPRESS, 'compressed'],
  [ST_SWAP_IN, 'swapped in'],
  [ST_DECOMPRESS, 'decompressed'],
  [ST_SHARED, 'shared'],
  [ST_COW, 'copy-on-write breaks'],
  [ST_GUEST_SWAP_OUT, 'guest swapped out'],
  [ST_GUEST_SWAP_IN, 'guest swapped in'],
  [ST_LARGE_BREAK, 'large pages broken'],
];

/** Small pages per counted event: a broken large page is 2 MiB. */
function pagesPer(index: number): number {
  return index === ST_LARGE_BREAK ? LARGE_PAGE_PAGES : 1;
}

/**
 * Every balance period, one line per VM summing its swap, compression and sharing activity
 * (and a warning when double paging happened), and one host-wide line if free memory ran
 * out; so the log tells what happened without a line per page or per tick.
 */
export function flushHvLog(w: World, on: readonly VmRuntime[]): void {
  const periodTicks = Math.max(1, Math.round((w.scenario.policy.balancePeriodS * 1000) / w.tickMs));
  if ((w.sc.tick + 1) % periodTicks !== 0) return;
  const periodS = (periodTicks * w.tickMs) / 1000;
  for (const vm of on) {
    const acc = vm.st.hvLog;
    // By push, not filter and map: an optimized Array#map returns a holey array, and this
    // function would deoptimize on the map it did not see before.
    const text: string[] = [];
    for (const [i, label] of parts)
      if (acc[i]! > 0) text.push(`${label} ${acc[i]} (${fmtMiB(acc[i]! * pagesPer(i))})`);
    if (text.length > 0)
      w.log.add(vm.id, 'hypervisor', 'info', 'activity', `last ${periodS} s: ${text.join(', ')}`);
    if (acc[ST_DOUBLE_PAGING]! > 0) {
      w.log.add(
        vm.id,
        'hypervisor',
        'warn',
        'double-paging',
        `double paging: the guest swapped out ${acc[ST_DOUBLE_PAGING]} pages the host had already swapped; each was read back from the host swap file only to be written to the guest's disk`,
      );
    }
    acc.fill(0);
  }
  if (w.sc.emergencyPages > 0) {
    w.log.add(
      '',
      'hypervisor',
      'warn',
      'emergency-swap',
      `free machine memory ran out: swapped ${w.sc.emergencyPages} pages (${fmtMiB(w.sc.emergencyPages)}) from the VMs furthest above target in the last ${periodS} s`,
    );
    w.sc.emergencyPages = 0;
  }
}
