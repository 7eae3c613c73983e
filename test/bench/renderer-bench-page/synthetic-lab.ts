// Synthetic frames and log lines shaped like the engine's, for the renderer benchmark page:
// the real components and stores render them, nothing else runs in the page.
import { guestPageClasses, hostPageStates, hvPageStates } from '../../../core/model/memory-maps';
import type { GuestMap, HostMap, MapRequest } from '../../../core/model/memory-maps';
import type { HostCounters, HostState, VmCounters } from '../../../core/model/counters';
import type { LogLine } from '../../../core/model/log-line';
import type { Frame, TraceSample } from '../../../core/lab-api/lab-api-contract';

export interface SyntheticView {
  selectedVm: string | null;
  hostMap: MapRequest;
  guestMap: MapRequest;
}

const pagesPerMiB = 256;

function hash01(n: number): number {
  const h = Math.sin(n * 12.9898) * 43758.5453;
  return h - Math.floor(h);
}

/** A host of `hostGiB` GiB with `vmCount` VMs whose demand and balloons swing over time. */
export class SyntheticLab {
  readonly vmIds: string[];
  readonly hostPages: number;
  readonly vmMiB = 12_288;
  private readonly hvPages: number;
  private readonly vmPages: number;

  constructor(
    readonly vmCount: number,
    hostGiB: number,
  ) {
    this.vmIds = Array.from({ length: vmCount }, (_, i) => `vm${String(i + 1).padStart(2, '0')}`);
    this.hostPages = hostGiB * 1024 * pagesPerMiB;
    this.hvPages = Math.floor(this.hostPages * 0.01);
    this.vmPages = Math.floor((this.hostPages * 0.9) / vmCount);
  }

  /** [owner index or -1, host page state index] of machine page `p` at time `t`. */
  private page(p: number, t: number): [number, number] {
    if (p < this.hvPages) return [-1, 1];
    const q = p - this.hvPages;
    const vm = Math.floor(q / this.vmPages);
    if (vm >= this.vmCount) return [-1, 0];
    const off = (q % this.vmPages) / this.vmPages;
    if (off < 0.02) return [vm, 2];
    if (off > 0.55 + 0.4 * Math.sin(t / 30 + vm)) return [-1, 0];
    const r = hash01(p);
    if (r < 0.12) return [vm, 4];
    if (r < 0.16) return [vm, 5];
    return [vm, 3];
  }

  hostMap(t: number, req: MapRequest): HostMap {
    const first = req.firstPage ?? 0;
    const count = req.pageCount ?? this.hostPages;
    const ppc = Math.max(1, Math.ceil(count / req.cells));
    const cells = Math.ceil(count / ppc);
    const S = hostPageStates.length;
    const counts = new Uint32Array(cells * S);
    const owner = new Int16Array(cells);
    const votes = new Int32Array(this.vmCount);
    for (let c = 0; c < cells; c += 1) {
      const start = first + c * ppc;
      const n = Math.min(ppc, first + count - start);
      const samples = Math.min(n, 8);
      votes.fill(0);
      for (let k = 0; k < samples; k += 1) {
        const [o, s] = this.page(start + Math.floor((k * n) / samples), t);
        counts[c * S + s] = (counts[c * S + s] ?? 0) + Math.round(n / samples);
        if (o >= 0) votes[o] = (votes[o] ?? 0) + 1;
      }
      let best = -1;
      for (let v = 0, most = 0; v < this.vmCount; v += 1)
        if ((votes[v] ?? 0) > most) [best, most] = [v, votes[v] ?? 0];
      owner[c] = best;
    }
    return { firstPage: first, pageCount: count, pagesPerCell: ppc, cells, vmIds: this.vmIds, counts, owner };
  }

  guestMap(t: number, vm: string, req: MapRequest): GuestMap {
    const total = this.vmMiB * pagesPerMiB;
    const first = req.firstPage ?? 0;
    const count = req.pageCount ?? total;
    const ppc = Math.max(1, Math.ceil(count / req.cells));
    const cells = Math.ceil(count / ppc);
    const G = guestPageClasses.length;
    const H = hvPageStates.length;
    const guestCounts = new Uint32Array(cells * G);
    const hvCounts = new Uint32Array(cells * H);
    const balloonFrom = 0.7 + 0.15 * Math.sin(t / 20);
    for (let c = 0; c < cells; c += 1) {
      const start = first + c * ppc;
      const n = Math.min(ppc, first + count - start);
      const f = (start + n / 2) / total;
      const cls = f < 0.05 ? 0 : f < 0.3 ? 1 : f < 0.5 ? 2 : f < 0.6 ? 3 : f < balloonFrom ? 4 : 5;
      const hv = cls === 5 ? 3 : cls === 4 ? 0 : f > 0.45 && f < 0.5 ? 5 : f > 0.4 ? 4 : f < 0.08 ? 2 : 1;
      guestCounts[c * G + cls] = n;
      hvCounts[c * H + hv] = n;
    }
    return {
      vm,
      firstPage: first,
      pageCount: count,
      pagesPerCell: ppc,
      cells,
      guestCounts,
      hvCounts,
      guestSwappedPages: 4096,
      largePagePages: 0,
    };
  }

  host(t: number): HostCounters {
    const freeMiB = 4000 + 3000 * Math.sin(t / 300);
    const minFreeMiB = 3277;
    const state: HostState =
      freeMiB >= minFreeMiB
        ? 'high'
        : freeMiB >= minFreeMiB * 0.64
          ? 'clear'
          : freeMiB >= minFreeMiB * 0.32
            ? 'soft'
            : freeMiB >= minFreeMiB * 0.16
              ? 'hard'
              : 'low';
    return {
      tick: t,
      timeS: t,
      state,
      pmemMiB: this.hostPages / pagesPerMiB,
      freeMiB,
      minFreeMiB,
      hypervisorMiB: 2048,
      overheadMiB: 3200,
      shrdsvdMiB: 900,
      mctlszMiB: 12_000,
      swcurMiB: 800,
      zipMiB: 300,
      largeMiB: 0,
      largeBroken: 0,
      overcommit: 2,
    };
  }

  vm(i: number, t: number): VmCounters {
    const grant = 8000 + 3000 * Math.sin(t / 200 + i);
    return {
      id: this.vmIds[i] ?? '',
      poweredOn: true,
      memszMiB: this.vmMiB,
      grantMiB: grant,
      sztgtMiB: 9000 - 1500 * Math.sin(t / 250 + i),
      tchdMiB: 3000 + 500 * Math.sin(t / 90 + i),
      actvMiB: 3200,
      consumedMiB: grant - 200,
      mctlszMiB: Math.max(0, 2000 * Math.sin(t / 300 + i)),
      mctltgtMiB: 0,
      mctlmaxMiB: 7987,
      swcurMiB: Math.max(0, 400 * Math.sin(t / 150 + i)),
      swtgtMiB: 0,
      swrMiBps: 0,
      swwMiBps: 0,
      zipMiB: 120,
      shrdMiB: 600,
      zeroMiB: 200,
      shrdsvdMiB: 150,
      ovhdMiB: 121,
      guestSwapMiB: 0,
      guestSwapInMiBps: 0,
      guestSwapOutMiBps: 0,
      guestCacheMiB: 512,
      demandMiB: grant,
      perfIndex: Math.min(1, 0.9 + 0.12 * Math.sin(t / 120 + i)),
    };
  }

  sample(t: number): TraceSample {
    return { timeS: t, host: this.host(t), vms: this.vmIds.map((_, i) => this.vm(i, t)) };
  }

  frame(seq: number, t: number, view: SyntheticView): Frame {
    const sample = this.sample(t);
    return {
      seq,
      tick: t,
      timeS: t,
      running: true,
      host: sample.host,
      vms: sample.vms,
      log: [],
      samples: [sample],
      hostMap: this.hostMap(t, view.hostMap),
      guestMap: view.selectedVm ? this.guestMap(t, view.selectedVm, view.guestMap) : null,
    };
  }

  logLines(count: number): LogLine[] {
    const sources = ['driver', 'monitor', 'hypervisor'] as const;
    const levels = ['debug', 'info', 'info', 'info', 'warn', 'error'] as const;
    return Array.from({ length: count }, (_, seq) => {
      const vm = this.vmIds[seq % this.vmCount] ?? '';
      return {
        seq,
        tick: Math.floor(seq / 30),
        timeS: Math.floor(seq / 30),
        vm,
        source: sources[seq % 3] ?? 'driver',
        level: levels[seq % 6] ?? 'info',
        event: seq % 3 === 0 ? 'inflate' : seq % 3 === 1 ? 'estimate' : 'activity',
        message: `balloon ${seq % 2 === 0 ? 'inflated' : 'deflated'} by ${(seq * 7) % 4096} pages at ${(seq * 13) % 16384} pages/s; target ${(seq * 31) % 65536} pages`,
      };
    });
  }
}
