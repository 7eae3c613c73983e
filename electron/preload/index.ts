import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { eventChannel, methodChannel } from '../main/ipc-protocol';
import { preloadEvents, preloadMethods } from './contract-names';
import { installBalloonLab } from './main-world-api';
import type { EnvelopeInvoker } from './main-world-api';

const knownEvents: ReadonlySet<string> = new Set(preloadEvents);

// One invoker per contract method, each bound to its own channel: the page can reach no other.
const invokers: Record<string, EnvelopeInvoker> = Object.fromEntries(
  preloadMethods.map((method) => [
    method,
    (request: unknown) => ipcRenderer.invoke(methodChannel(method), request),
  ]),
);

function subscribe(event: unknown, listener: unknown): () => void {
  if (typeof event !== 'string' || !knownEvents.has(event))
    throw new Error(`Unknown lab event: ${String(event)}`);
  if (typeof listener !== 'function') throw new TypeError('The listener must be a function.');
  const channel = eventChannel(event as (typeof preloadEvents)[number]);
  // The IPC event object (with its sender) never reaches the page: only the payload.
  const handler = (_event: IpcRendererEvent, payload: unknown): void => {
    (listener as (payload: unknown) => void)(payload);
  };
  ipcRenderer.on(channel, handler);
  let subscribed = true;
  return () => {
    if (!subscribed) return;
    subscribed = false;
    ipcRenderer.removeListener(channel, handler);
  };
}

contextBridge.executeInMainWorld({ func: installBalloonLab, args: [invokers, subscribe, preloadMethods] });
