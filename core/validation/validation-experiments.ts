import { balloonCapExperiment, balloonRatesExperiment, compressionExperiment } from './experiments-balloon';
import {
  idleTaxOffExperiment,
  idleTaxOnExperiment,
  minFreeExperiment,
  samplingExperiment,
  sharesExperiment,
} from './experiments-esx-shares';
import {
  balloonedVsConfiguredExperiment,
  balloonVsSwapExperiment,
  idleTaxPerformanceExperiment,
  memoryCurveExperiment,
} from './experiments-guest';
import { hypervExperiment, momExperiment, xenExperiment } from './experiments-policies';
import { saltingExperiment, sharingScalingExperiment } from './experiments-sharing';
import type { ValidationExperiment } from './validation-types';

/** Every published experiment `balloon-lab validate` runs, in report order. */
export const validationExperiments: readonly ValidationExperiment[] = [
  minFreeExperiment,
  sharesExperiment,
  idleTaxOffExperiment,
  idleTaxOnExperiment,
  samplingExperiment,
  balloonRatesExperiment,
  balloonCapExperiment,
  compressionExperiment,
  balloonedVsConfiguredExperiment,
  memoryCurveExperiment,
  balloonVsSwapExperiment,
  idleTaxPerformanceExperiment,
  sharingScalingExperiment,
  saltingExperiment,
  momExperiment,
  hypervExperiment,
  xenExperiment,
];
