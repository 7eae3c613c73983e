import type { Scenario } from '../scenario/scenario-schema';
import type { Intervention, RecordedIntervention } from '../scenario/event-schema';
import type { MemoryPolicy } from '../policy/policy-types';
import { createPolicy } from '../policy/create-policy';
import { Rng } from '../random/rng';
import { minFreeMiB } from '../host/min-free';
import { mibToPages } from '../model/units';
import type { HostState } from '../model/counters';
import { EngineLog } from './engine-log';
import { Hypervisor } from './hypervisor';
import { M_HYPERVISOR, MachineMemory } from '../memory/machine-memory';
import { PageStack } from '../memory/page-stack';
import { ShareTable } from '../memory/share-table';
import { VmRuntime } from './vm-runtime';

/** A scenario power-on or event, due at the start of `tick`. */
export interface ScheduledChange {
  tick: number;
  intervention: Intervention;
}

/** Engine-wide scalars (plain data, saved whole). */
export interface WorldScalars {
  tick: number;
  hostState: HostState;
  stateChanged: boolean;
  /** Next entry of the schedule to apply. */
  scheduleCursor: number;
  /** Ticks since the host-wide emergency line was last written, and pages since. */
  emergencyPages: number;
}

/** Everything the engine's modules share. VMs are kept in id order (determinism). */
export interface World {
  readonly scenario: Scenario;
  readonly tickMs: number;
  readonly dtS: number;
  readonly endTick: number;
  readonly hostPages: number;
  readonly hypervisorPages: number;
  readonly minFreePages: number;
  rng: Rng;
  log: EngineLog;
  machine: MachineMemory;
  hv: Hypervisor;
  vms: VmRuntime[];
  byId: Map<string, VmRuntime>;
  policy: MemoryPolicy;
  schedule: ScheduledChange[];
  interventions: RecordedIntervention[];
  sc: WorldScalars;
}

/** Tick at which something due at `atS` seconds happens: the first tick boundary at or after it. */
export function tickAt(atS: number, tickMs: number): number {
  return Math.ceil((atS * 1000) / tickMs - 1e-9);
}

export function sortedVmSpecs(s: Scenario): Scenario['vms'] {
  return [...s.vms].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function buildSchedule(s: Scenario): ScheduledChange[] {
  const out: ScheduledChange[] = [];
  for (const vm of sortedVmSpecs(s)) {
    if (vm.powerOnAtS !== null)
      out.push({ tick: tickAt(vm.powerOnAtS, s.tickMs), intervention: { vm: vm.id, power: 'on' } });
  }
  s.events.forEach((e) => {
    const intervention: Intervention = { vm: e.vm };
    if (e.set !== undefined) intervention.set = e.set;
    if (e.power !== undefined) intervention.power = e.power;
    out.push({ tick: tickAt(e.atS, s.tickMs), intervention });
  });
  // Stable: power-ons before events at the same tick, events in file order.
  return out
    .map((c, i) => ({ c, i }))
    .sort((a, b) => a.c.tick - b.c.tick || a.i - b.i)
    .map((x) => x.c);
}

/** Sizes and fixed parts of a world, shared by creation and restore. */
export function worldShape(s: Scenario) {
  const hostPages = mibToPages(s.host.memoryMiB);
  return {
    tickMs: s.tickMs,
    dtS: s.tickMs / 1000,
    endTick: Math.floor((s.durationS * 1000) / s.tickMs),
    hostPages,
    hypervisorPages: mibToPages(s.host.hypervisorMiB),
    minFreePages: mibToPages(s.host.minFreeMiB ?? minFreeMiB(s.host.memoryMiB)),
    schedule: buildSchedule(s),
  };
}

/**
 * Whether guest memory is backed by large pages: the scenario's choice, else the hypervisor's
 * default. ESXi backs guests with 2 MiB pages (`Mem.AllocGuestLargePage` 1); the lab models
 * large pages for the ESX hosts only (esx and static), so the KVM, Hyper-V and Xen policies
 * default to small pages.
 */
export function largePagesOn(s: Scenario): boolean {
  return s.host.largePages ?? (s.policy.kind === 'esx' || s.policy.kind === 'static');
}

export function hypervisorConfig(s: Scenario) {
  return {
    // KSM merges identical pages across all VMs of the host: there is no salting.
    scope: s.policy.kind === 'kvm-mom' ? ('host' as const) : s.policy.pageSharing.scope,
    compressionEnabled: s.policy.compression.enabled,
    cachePct: s.policy.compression.cachePct,
    largePages: largePagesOn(s),
    pageSharing: s.policy.kind === 'kvm-mom' ? s.policy.mom.ksm.enabled : s.policy.pageSharing.enabled,
    minFreePages: mibToPages(s.host.minFreeMiB ?? minFreeMiB(s.host.memoryMiB)),
    targetsInMachineMemory: s.policy.kind !== 'kvm-mom',
  };
}

/** The parts of a world that creation and restore make differently. */
export type WorldParts = Pick<
  World,
  'rng' | 'log' | 'machine' | 'hv' | 'vms' | 'policy' | 'interventions' | 'sc'
>;

/**
 * The world object, built here only and field by field. An object spread (`...shape`) would
 * give V8 a map it generalizes when the second world is made, deoptimizing every function
 * that reads `w.scenario` at the start of a thread's second run.
 */
export function assembleWorld(s: Scenario, shape: ReturnType<typeof worldShape>, parts: WorldParts): World {
  return {
    scenario: s,
    tickMs: shape.tickMs,
    dtS: shape.dtS,
    endTick: shape.endTick,
    hostPages: shape.hostPages,
    hypervisorPages: shape.hypervisorPages,
    minFreePages: shape.minFreePages,
    schedule: shape.schedule,
    rng: parts.rng,
    log: parts.log,
    machine: parts.machine,
    hv: parts.hv,
    vms: parts.vms,
    byId: new Map(parts.vms.map((v) => [v.id, v])),
    policy: parts.policy,
    interventions: parts.interventions,
    sc: parts.sc,
  };
}

/** A fresh world at tick 0: hypervisor memory taken, every VM off until its power-on is due. */
export function createWorld(s: Scenario): World {
  const shape = worldShape(s);
  const rng = Rng.fromSeed(s.seed);
  const specs = sortedVmSpecs(s);
  // Built by push, not map: arrays from an optimized Array#map are holey, so once createWorld
  // is optimized every function that reads w.vms would meet a new array map and deoptimize.
  const vms: VmRuntime[] = [];
  for (const spec of specs)
    vms.push(new VmRuntime(vms.length, spec, VmRuntime.initialScalars(spec, rng.deriveSeed())));
  const machine = MachineMemory.create(shape.hostPages, vms.length);
  for (let i = 0; i < shape.hypervisorPages; i++) machine.alloc(M_HYPERVISOR, 0);
  const hv = new Hypervisor(rng, machine, new ShareTable(), new PageStack(), vms, hypervisorConfig(s));
  return assembleWorld(s, shape, {
    rng,
    log: new EngineLog(),
    machine,
    hv,
    vms,
    policy: createPolicy(s.policy),
    interventions: [],
    sc: { tick: 0, hostState: 'high', stateChanged: false, scheduleCursor: 0, emergencyPages: 0 },
  });
}
