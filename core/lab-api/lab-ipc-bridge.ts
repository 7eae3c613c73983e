import type { LabApi, LabErrorPayload, LabMethod, LabRequest, LabResponses } from './lab-api-contract';

/**
 * What the Node side answers one lab request with. A refusal travels as data, not as a thrown
 * Error: an Error crossing Electron's context bridge or IPC keeps only its message
 * (electron/electron#25596), so `code` and `issues` would be lost on the way to the page.
 */
export type LabReply<T> = { ok: true; result: T } | { ok: false; error: LabErrorPayload };

/**
 * The Electron preload's side of the contract, exposed to the page as
 * `window[labIpcBridgeKey]` with `contextBridge.exposeInMainWorld`: one function per method
 * that resolves with the {@link LabReply} envelope, and `on` for events. The renderer's IPC
 * client (renderer/src/api/ipc-client.ts) turns the envelopes into results and LabApiErrors.
 */
export type LabIpcBridge = {
  [M in LabMethod]: (request: LabRequest<M>) => Promise<LabReply<LabResponses[M]>>;
} & Pick<LabApi, 'on'>;

/** The one global the preload adds to the page. */
export const labIpcBridgeKey = 'balloonLabIpc';
