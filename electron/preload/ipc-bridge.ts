import type { IpcRenderer, IpcRendererEvent } from 'electron';
import type { LabEvent } from '../../core/lab-api/lab-api-contract';
import type { LabIpcBridge } from '../../core/lab-api/lab-ipc-bridge';
import { eventChannel, methodChannel } from '../ipc/ipc-channels';
import { preloadEvents, preloadMethods } from '../ipc/contract-names';

/** The part of ipcRenderer the bridge uses: invoke for methods, on/removeListener for events. */
export type BridgeIpc = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

const knownEvents: ReadonlySet<string> = new Set(preloadEvents);

/**
 * The object the preload exposes to the page: one function per contract method, each bound to
 * its own `lab:<method>` channel (the page can reach no other), resolving with the main
 * process's reply envelope as plain data; and `on`, which subscribes to `lab:event:<name>` only.
 * Everything in it survives the context bridge's copy: no Error objects, no IPC event objects.
 */
export function createLabIpcBridge(ipc: BridgeIpc): LabIpcBridge {
  const bridge: Record<string, unknown> = {};
  for (const method of preloadMethods) {
    const channel = methodChannel(method);
    bridge[method] = (request: unknown) => ipc.invoke(channel, request);
  }
  bridge.on = (event: unknown, listener: unknown): (() => void) => {
    if (typeof event !== 'string' || !knownEvents.has(event))
      throw new Error(`Unknown lab event: ${String(event).slice(0, 60)}`);
    if (typeof listener !== 'function') throw new TypeError('The listener must be a function.');
    const channel = eventChannel(event as LabEvent);
    // The IPC event object (with its sender) never reaches the page: only the payload.
    const handler = (_event: IpcRendererEvent, payload: unknown): void => {
      (listener as (payload: unknown) => void)(payload);
    };
    ipc.on(channel, handler);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      ipc.removeListener(channel, handler);
    };
  };
  return Object.freeze(bridge) as LabIpcBridge;
}
