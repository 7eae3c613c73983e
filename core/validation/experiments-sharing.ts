import type { ScenarioInput } from '../scenario/scenario-schema';
import { claimCheck, fmt } from './validation-check';
import { shareRateLab, sharingScopeLab } from './validation-scenarios';
import { runScenario, seriesOf, vmSamples } from './scenario-run';
import { vsphereResourceManagement, waldspurger2002 } from './validation-sources';
import type { ValidationExperiment } from './validation-types';

/** Pages per second page sharing covered in the 12 GiB Windows VM between minute 1 and 2. */
export function shareRatePagesPerS(): number {
  const w = vmSamples(runScenario(shareRateLab), 'w');
  return ((w[119]!.shrdMiB - w[59]!.shrdMiB) * 256) / 60;
}

/**
 * `n` of the identical VMs of {@link sharingScopeLab}, shared host-wide, on a host sized so that
 * free memory is below 400 % of minFree whatever `n` (page sharing runs only there).
 */
function sharingScaleLab(n: number): ScenarioInput {
  const lab = sharingScopeLab('host');
  const vm = lab.vms![0]!;
  return {
    ...lab,
    host: { memoryMiB: 256 + n * 1250, hypervisorMiB: 256 },
    vms: Array.from({ length: n }, (_, i) => ({ ...vm, id: `v${i + 1}` })),
  };
}

export const sharingScalingExperiment: ValidationExperiment = {
  id: 'page-sharing-scaling',
  title: 'Page sharing: scaling with VMs and scan rate',
  claim:
    'Content-based sharing keeps one copy of identical pages, so savings grow with each further VM running the same OS; a VM is scanned at most Mem.ShareRateMax = 1024 pages/s.',
  source: waldspurger2002,
  where: '§4, content-based page sharing; Mem.ShareRateMax (vSphere)',
  run() {
    const counts = [1, 2, 3];
    const runs = counts.map((n) => runScenario(sharingScaleLab(n)));
    const saved = runs.map((r) => r.host.at(-1)!.shrdsvdMiB);
    // The second VM's saving: what one more copy of the same OS pages saves.
    const perExtraVm = saved[1]! - saved[0]!;
    const rate = shareRatePagesPerS();
    return {
      checks: [
        claimCheck(
          'saving of the 3rd VM vs the 2nd',
          'equal (linear in VMs)',
          `${fmt(saved[2]! - saved[1]!, 0, 'MiB')} vs ${fmt(perExtraVm, 0, 'MiB')}`,
          'within 10 %',
          perExtraVm > 100 && Math.abs((saved[2]! - saved[1]!) / perExtraVm - 1) <= 0.1,
        ),
        claimCheck(
          'scan rate of a 12 GiB VM, 1-minute scan time',
          'at most 1024 pages/s',
          fmt(rate, 0, 'pages/s'),
          'at most 1024, above 500',
          rate <= 1024 && rate > 500,
        ),
      ],
      chart: {
        xLabel: 'time (min)',
        yLabel: 'SHRDSVD (MiB)',
        series: runs.map((r, i) => ({
          name: `${counts[i]} VM${counts[i] === 1 ? '' : 's'}`,
          points: seriesOf(r.host, 10, (h) => h.shrdsvdMiB),
        })),
      },
    };
  },
};

export const saltingExperiment: ValidationExperiment = {
  id: 'page-sharing-salting',
  title: 'Page sharing salting (Mem.ShareForceSalting 2)',
  claim:
    'Since 2014 ESXi shares pages only within a VM by default: identical OS pages of different VMs are no longer shared.',
  source: vsphereResourceManagement,
  where: 'Mem.ShareForceSalting = 2',
  run() {
    const host = runScenario(sharingScopeLab('host'));
    const salted = runScenario(sharingScopeLab('vm'));
    const hostSaved = host.host.at(-1)!.shrdsvdMiB;
    const saltedSaved = salted.host.at(-1)!.shrdsvdMiB;
    return {
      checks: [
        claimCheck(
          'salted vs host-wide, 3 VMs half OS pages',
          'OS pages no longer shared across VMs',
          `${fmt(saltedSaved, 0, 'MiB')} vs ${fmt(hostSaved, 0, 'MiB')} saved`,
          'salted under 1/3 of host-wide; host-wide over 600 MiB',
          hostSaved > 600 && hostSaved > 3 * saltedSaved,
        ),
      ],
      chart: {
        xLabel: 'time (min)',
        yLabel: 'SHRDSVD (MiB)',
        series: [
          { name: 'host-wide (salting off)', points: seriesOf(host.host, 10, (h) => h.shrdsvdMiB) },
          { name: 'per VM (salting 2)', points: seriesOf(salted.host, 10, (h) => h.shrdsvdMiB) },
        ],
      },
    };
  },
};
