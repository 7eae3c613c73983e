import {
  guestPageClasses,
  hostPageStates,
  hvPageStates,
  type GuestMap,
  type HostMap,
} from '../../../../core/model/memory-maps';
import { type HostCounters, type VmCounters } from '../../../../core/model/counters';
import { type LogLine } from '../../../../core/model/log-line';
import { vmNumericKeys, SampleBatch } from '../../../../electron/worker/sample-layout';
import type { WorkerUpdate } from '../../../../electron/worker/worker-protocol';

/** Counters with every field set, values derived from tick so frames can be told apart. */
export function hostAt(tick: number): HostCounters {
  return {
    tick,
    timeS: tick,
    state: tick % 2 === 0 ? 'high' : 'clear',
    pmemMiB: 262_144,
    freeMiB: 100_000 - tick * 1.234567,
    minFreeMiB: 3276.8,
    hypervisorMiB: 2048,
    overheadMiB: 4500.123,
    shrdsvdMiB: tick * 0.1,
    mctlszMiB: tick * 3.3333333,
    swcurMiB: 0,
    zipMiB: 12.5,
    largeMiB: 0,
    largeBroken: 0,
    overcommit: 2.0009765625,
  };
}

export function vmsAt(tick: number, count: number): VmCounters[] {
  return Array.from({ length: count }, (_, i) => {
    const vm = { id: `vm${String(i).padStart(2, '0')}`, poweredOn: true } as VmCounters;
    vmNumericKeys.forEach((key, k) => {
      vm[key] = (tick * 1000 + i * 37 + k) / 7;
    });
    return vm;
  });
}

export function logLines(fromSeq: number, count: number, tick: number, messageBytes = 80): LogLine[] {
  return Array.from({ length: count }, (_, i) => ({
    seq: fromSeq + i,
    tick,
    timeS: tick,
    vm: `vm${String(i % 32).padStart(2, '0')}`,
    source: 'driver' as const,
    level: 'info' as const,
    event: 'inflate',
    message: `inflated ${i} pages at 2048 pages/s `.padEnd(messageBytes, 'x'),
  }));
}

export function hostMapOf(cells: number, vmCount: number): HostMap {
  return {
    firstPage: 0,
    pageCount: 67_108_864,
    pagesPerCell: Math.ceil(67_108_864 / cells),
    cells,
    vmIds: Array.from({ length: vmCount }, (_, i) => `vm${String(i).padStart(2, '0')}`),
    counts: new Uint32Array(cells * hostPageStates.length).map((_, i) => (i * 2_654_435_761) >>> 0),
    owner: new Int16Array(cells).map((_, i) => (i % (vmCount + 2)) - 2),
  };
}

export function guestMapOf(cells: number): GuestMap {
  return {
    vm: 'vm00',
    firstPage: 0,
    pageCount: 4_194_304,
    pagesPerCell: Math.ceil(4_194_304 / cells),
    cells,
    guestCounts: new Uint32Array(cells * guestPageClasses.length).map((_, i) => (i * 40_503) >>> 0),
    hvCounts: new Uint32Array(cells * hvPageStates.length).map((_, i) => (i * 9973) >>> 0),
    guestSwappedPages: 12,
    largePagePages: 0,
  };
}

/** A worker update for ticks (fromTick, toTick], sampling every tick. */
export function updateFor(options: {
  fromTick: number;
  toTick: number;
  vmCount: number;
  log?: LogLine[];
  maps?: WorkerUpdate['maps'];
  running?: boolean;
}): WorkerUpdate {
  const batch = new SampleBatch(options.vmCount);
  for (let t = options.fromTick + 1; t <= options.toTick; t++)
    batch.add(hostAt(t), vmsAt(t, options.vmCount));
  return {
    kind: 'update',
    epoch: 1,
    tick: options.toTick,
    timeS: options.toTick,
    running: options.running ?? true,
    host: hostAt(options.toTick),
    vms: vmsAt(options.toTick, options.vmCount),
    samples: batch.take(),
    log: options.log ?? [],
    maps: options.maps ?? null,
  };
}
