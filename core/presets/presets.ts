import type { PresetInfo } from '../lab-api/lab-api-contract';
import { parseScenario } from '../scenario/parse-scenario';
import type { PresetDefinition } from './preset-types';
import { basicsPreset } from './basics-preset';
import { idleMemoryTaxOffPreset, idleMemoryTaxPreset } from './idle-memory-tax-preset';
import { balloonVsSwapPreset } from './balloon-vs-swap-preset';
import { pageSharingFarmPreset, pageSharingSaltedPreset } from './page-sharing-farm-preset';
import { noBalloonDriverPreset } from './no-balloon-driver-preset';
import { bootStormPreset } from './boot-storm-preset';
import { reservationsProtectPreset } from './reservations-protect-preset';
import { datacenter2xPreset } from './datacenter-2x-preset';
import { policyComparisonPresets } from './policy-comparison-presets';
import { workingSetPreset } from './working-set-preset';
import { pageCachePreset } from './page-cache-preset';
import { balloonDriversPreset, freePageReportingPreset } from './balloon-drivers-preset';
import { largePagesHideSharingPreset } from './large-pages-preset';
import { hypervHotAddPreset } from './hyperv-hot-add-preset';

export type { PresetDefinition } from './preset-types';

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Every preset, in the order a gallery shows them. Frozen: copy a scenario before changing it. */
export const presets: readonly PresetDefinition[] = deepFreeze([
  basicsPreset,
  idleMemoryTaxPreset,
  idleMemoryTaxOffPreset,
  balloonVsSwapPreset,
  workingSetPreset,
  pageCachePreset,
  pageSharingFarmPreset,
  pageSharingSaltedPreset,
  largePagesHideSharingPreset,
  noBalloonDriverPreset,
  bootStormPreset,
  reservationsProtectPreset,
  datacenter2xPreset,
  balloonDriversPreset,
  freePageReportingPreset,
  hypervHotAddPreset,
  ...policyComparisonPresets,
]);

export function getPreset(id: string): PresetDefinition | undefined {
  return presets.find((p) => p.id === id);
}

let infos: PresetInfo[] | null = null;

/** Gallery entries; host size and VM count are read from the validated scenario (defaults applied). */
export function presetInfos(): PresetInfo[] {
  infos ??= presets.map((p) => {
    const parsed = parseScenario(p.scenario);
    if (!parsed.ok)
      throw new Error(
        `preset ${p.id} is not a valid scenario: ${parsed.issues[0]?.path}: ${parsed.issues[0]?.message}`,
      );
    return {
      id: p.id,
      name: p.name,
      summary: p.summary,
      hostMiB: parsed.scenario.host.memoryMiB,
      vmCount: parsed.scenario.vms.length,
    };
  });
  return infos.map((i) => ({ ...i }));
}
