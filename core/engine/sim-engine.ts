import type { Intervention, RecordedIntervention } from '../scenario/event-schema';
import type { Scenario } from '../scenario/scenario-schema';
import { applyIntervention, checkIntervention, InterventionError } from './engine-apply';
import { hostCounters, vmCounters } from './engine-counters';
import { guestMap, hostMap } from './engine-maps';
import { saveWorld } from './engine-snapshot';
import { simulateTick } from './engine-tick';
import type { Engine, EngineSnapshot } from './engine-types';
import type { GuestMap, HostMap, MapRequest } from '../model/memory-maps';
import type { HostCounters, VmCounters } from '../model/counters';
import type { LogLine } from '../model/log-line';
import type { World } from './engine-world';

/** Work counters for benchmarks: page-state changes on guest and machine side. */
export interface EngineStats {
  guestPageChanges: number;
  machinePageChanges: number;
}

/** The Engine over a {@link World}. Create it with createEngine / restoreEngine / replayEngine (core/trace/replay.ts). */
export class SimEngine implements Engine {
  constructor(private readonly w: World) {}

  get scenario(): Scenario {
    return this.w.scenario;
  }

  get tick(): number {
    return this.w.sc.tick;
  }

  get endTick(): number {
    return this.w.endTick;
  }

  get timeS(): number {
    return (this.w.sc.tick * this.w.tickMs) / 1000;
  }

  step(ticks = 1): void {
    const n = Math.max(0, Math.floor(ticks));
    for (let i = 0; i < n && this.w.sc.tick < this.w.endTick; i++) simulateTick(this.w);
  }

  runUntil(tick: number): void {
    this.step(Math.min(tick, this.w.endTick) - this.w.sc.tick);
  }

  apply(intervention: Intervention): void {
    const checked = checkIntervention(this.w, intervention);
    this.w.interventions.push({
      tick: this.w.sc.tick,
      intervention: JSON.parse(JSON.stringify(checked)) as Intervention,
    });
    this.w.log.tick = this.w.sc.tick;
    this.w.log.timeS = this.timeS;
    applyIntervention(this.w, checked);
  }

  interventions(): readonly RecordedIntervention[] {
    return this.w.interventions;
  }

  hostCounters(): HostCounters {
    return hostCounters(this.w);
  }

  vmCounters(): VmCounters[] {
    return vmCounters(this.w);
  }

  drainLog(): LogLine[] {
    return this.w.log.drain();
  }

  hostMap(req: MapRequest): HostMap {
    return hostMap(this.w, req);
  }

  guestMap(vmId: string, req: MapRequest): GuestMap {
    const vm = this.w.byId.get(vmId);
    if (!vm) throw new InterventionError(`unknown VM "${vmId}"`);
    return guestMap(vm, req);
  }

  snapshot(): EngineSnapshot {
    return saveWorld(this.w);
  }

  /** Page-state changes so far (benchmarks). */
  stats(): EngineStats {
    let guest = 0;
    for (const vm of this.w.vms) guest += vm.pages?.changes ?? 0;
    return { guestPageChanges: guest, machinePageChanges: this.w.machine.changes };
  }

  /** The world, for invariant checks in tests. */
  get world(): World {
    return this.w;
  }
}
