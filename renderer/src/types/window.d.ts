import type { LabApi } from '../../../core/lab-api/lab-api-contract';

declare global {
  interface Window {
    /** Installed by the Electron preload (electron/preload/index.ts); absent in a plain browser. */
    readonly balloonLab?: LabApi;
  }
}

export {};
