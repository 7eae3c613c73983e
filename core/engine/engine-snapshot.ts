import type { Scenario } from '../scenario/scenario-schema';
import { createPolicy } from '../policy/create-policy';
import { Rng } from '../random/rng';
import { EngineLog, type EngineLogState } from './engine-log';
import type { EngineSnapshot } from './engine-types';
import type { RecordedIntervention } from '../scenario/event-schema';
import { engineVersion } from './engine-version';
import {
  assembleWorld,
  hypervisorConfig,
  sortedVmSpecs,
  worldShape,
  type World,
  type WorldScalars,
} from './engine-world';
import { Hypervisor } from './hypervisor';
import { MachineMemory, type MachineMemoryState } from '../memory/machine-memory';
import { PageStack } from '../memory/page-stack';
import { clonePlain } from './plain-clone';
import { ShareTable, type ShareTableState } from '../memory/share-table';
import { VmRuntime, type VmSave } from './vm-runtime';

/** The engine state inside an {@link EngineSnapshot} (structured-cloneable). */
export interface WorldSave {
  rng: number[];
  log: EngineLogState;
  machine: MachineMemoryState;
  shares: ShareTableState;
  sharedFrames: Int32Array;
  vms: VmSave[];
  policy: unknown;
  sc: WorldScalars;
  interventions: RecordedIntervention[];
}

/** Everything needed to continue exactly where the engine is: PRNG, arrays, policy, pending log. */
export function saveWorld(w: World): EngineSnapshot {
  const state: WorldSave = {
    rng: w.rng.getState(),
    log: w.log.save(),
    machine: w.machine.save(),
    shares: w.hv.shares.save(),
    sharedFrames: w.hv.sharedFrames.save(),
    vms: w.vms.map((vm) => vm.save()),
    policy: clonePlain(w.policy.saveState()),
    sc: clonePlain(w.sc),
    interventions: clonePlain(w.interventions),
  };
  return {
    engineVersion,
    scenario: w.scenario,
    tick: w.sc.tick,
    state: state as unknown as Record<string, unknown>,
  };
}

/**
 * Rebuilds a world from a snapshot of the same engine version. The snapshot is copied, unless
 * `owned` says the caller hands it over (a freshly decoded checkpoint): the world then takes its
 * arrays as they are, which spares copying hundreds of MiB on a large host.
 */
export function restoreWorld(
  snapshot: EngineSnapshot,
  owned = false,
  pageStructures?: () => {
    machine: MachineMemory;
    sharedFrames: PageStack;
    fill: (vm: VmRuntime, index: number) => void;
  },
): World {
  const copy = <T>(value: T): T => (owned ? value : clonePlain(value));
  if (snapshot.engineVersion !== engineVersion) {
    throw new Error(
      `snapshot from engine ${snapshot.engineVersion} cannot be restored by engine ${engineVersion}`,
    );
  }
  const s: Scenario = snapshot.scenario;
  const state = snapshot.state as unknown as WorldSave;
  const shape = worldShape(s);
  const rng = Rng.fromState(state.rng);
  const specs = sortedVmSpecs(s);
  if (specs.length !== state.vms.length) throw new Error('snapshot does not match its scenario (VM count)');
  const given = pageStructures?.();
  // Built by push as in createWorld: the same (packed) array map for w.vms however the world was made.
  const vms: VmRuntime[] = [];
  for (const [i, spec] of specs.entries()) {
    const vm = VmRuntime.restore(i, spec, copy(state.vms[i]!));
    given?.fill(vm, i);
    vms.push(vm);
  }
  const machine = given?.machine ?? MachineMemory.restore(copy(state.machine));
  const shares = ShareTable.restore(copy(state.shares));
  const hv = new Hypervisor(
    rng,
    machine,
    shares,
    given?.sharedFrames ?? PageStack.restore(state.sharedFrames),
    vms,
    hypervisorConfig(s),
  );
  const policy = createPolicy(s.policy);
  policy.restoreState(copy(state.policy));
  return assembleWorld(s, shape, {
    rng,
    log: EngineLog.restore(copy(state.log)),
    machine,
    hv,
    vms,
    policy,
    interventions: copy(state.interventions),
    sc: copy(state.sc),
  });
}
