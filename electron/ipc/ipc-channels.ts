import type { LabEvent, LabMethod } from '../../core/lab-api/lab-api-contract';
import type { LabReply } from '../../core/lab-api/lab-ipc-bridge';

/**
 * The Electron transport of the lab contract, shared by main and preload. Type-only imports
 * from the contract keep zod out of the sandboxed preload bundle.
 */

/** What a `lab:<method>` handler resolves with: errors travel as data so their code survives IPC. */
export type IpcEnvelope<T> = LabReply<T>;

export type MethodChannel = `lab:${LabMethod}`;
export type EventChannel = `lab:event:${LabEvent}`;

export function methodChannel(method: LabMethod): MethodChannel {
  return `lab:${method}`;
}

export function eventChannel(event: LabEvent): EventChannel {
  return `lab:event:${event}`;
}
