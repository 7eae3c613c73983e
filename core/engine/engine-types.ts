import type { Intervention, RecordedIntervention } from '../scenario/event-schema';
import type { Scenario } from '../scenario/scenario-schema';
import type { HostCounters, VmCounters } from '../model/counters';
import type { LogLine } from '../model/log-line';
import type { GuestMap, HostMap, MapRequest } from '../model/memory-maps';

/**
 * The complete engine state: structured-cloneable (typed arrays inside), enough to
 * continue byte-identically with {@link restoreEngine}.
 */
export interface EngineSnapshot {
  engineVersion: string;
  scenario: Scenario;
  tick: number;
  state: Record<string, unknown>;
}

/** A deterministic page-accurate simulation of one host. */
export interface Engine {
  readonly scenario: Scenario;
  /** Ticks simulated so far. */
  readonly tick: number;
  /** Tick at which the scenario's duration is reached. */
  readonly endTick: number;
  /** Simulated seconds so far (tick * tickMs / 1000). */
  readonly timeS: number;
  /** Advances `ticks` ticks (default 1), never past endTick. */
  step(ticks?: number): void;
  /** Advances until `tick` (clamped to endTick). */
  runUntil(tick: number): void;
  /** Applies a change now; it is recorded with the current tick. Throws on an unknown VM or impossible value. */
  apply(intervention: Intervention): void;
  interventions(): readonly RecordedIntervention[];
  hostCounters(): HostCounters;
  /** One entry per VM of the scenario, sorted by id. */
  vmCounters(): VmCounters[];
  /** Log lines produced since the previous call, oldest first. */
  drainLog(): LogLine[];
  hostMap(req: MapRequest): HostMap;
  guestMap(vmId: string, req: MapRequest): GuestMap;
  snapshot(): EngineSnapshot;
}
