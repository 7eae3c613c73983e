import type { HostState, VmCounters } from '../../../../core/model/counters';
import type { TraceSample } from '../../../../core/lab-api/lab-api-contract';
import { zeroHostCounters, zeroVmCounters } from '../../../support/counter-fixtures';

/** A sample at `timeS` with the given VMs (default two) and host state. */
export function sample(
  timeS: number,
  vms: VmCounters[] = [zeroVmCounters('a'), zeroVmCounters('b')],
  state: HostState = 'high',
  freeMiB = 8000,
): TraceSample {
  return { timeS, host: zeroHostCounters({ timeS, tick: timeS, state, freeMiB }), vms };
}
