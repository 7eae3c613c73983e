import type { LabIpcBridge } from '../../../core/lab-api/lab-ipc-bridge';

declare global {
  interface Window {
    /** Installed by the Electron preload (electron/preload/index.ts); absent in a plain browser. */
    readonly balloonLabIpc?: LabIpcBridge;
  }
}

export {};
