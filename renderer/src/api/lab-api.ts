import type { LabApi } from '../../../core/lab-api/lab-api-contract';
import { labIpcBridgeKey, type LabIpcBridge } from '../../../core/lab-api/lab-ipc-bridge';
import { createBridgeClient } from './bridge-client';
import { createIpcClient } from './ipc-client';

let current: LabApi | null = null;

function defaultApi(): LabApi {
  // The Electron preload exposes its IPC bridge on window; a plain browser reaches the bridge server.
  const ipc = (globalThis as Record<string, unknown>)[labIpcBridgeKey] as LabIpcBridge | undefined;
  return ipc !== undefined ? createIpcClient(ipc) : createBridgeClient();
}

function resolve(): LabApi {
  current ??= defaultApi();
  return current;
}

/**
 * The one way the renderer talks to the Node side. Resolved lazily so that tests can
 * install a fake with {@link setLabApi} before anything connects.
 */
export const labApi: LabApi = new Proxy({} as LabApi, {
  get(_target, key) {
    const api = resolve();
    const value: unknown = Reflect.get(api, key);
    return typeof value === 'function' ? value.bind(api) : value;
  },
});

/** Replaces the implementation behind {@link labApi} (tests inject an in-memory fake here). */
export function setLabApi(api: LabApi | null): void {
  current = api;
}
