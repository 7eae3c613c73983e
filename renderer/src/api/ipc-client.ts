import {
  labMethods,
  type LabApi,
  type LabEvent,
  type LabEvents,
  type LabMethod,
} from '../../../core/lab-api/lab-api-contract';
import type { LabIpcBridge } from '../../../core/lab-api/lab-ipc-bridge';
import { LabApiError, labApiErrorFrom } from './lab-api-error';

/** The message of whatever an IPC call rejected with (an Error keeps only that across the bridge). */
function failureMessage(failure: unknown): string {
  const message =
    typeof failure === 'object' && failure !== null ? (failure as { message?: unknown }).message : failure;
  return typeof message === 'string' && message !== '' ? message : 'The lab did not answer.';
}

/**
 * The lab API over the Electron preload's bridge: each method resolves with the reply's result,
 * or rejects with a LabApiError built from the reply's error payload (code and issues intact,
 * the same errors the browser bridge client raises). A reply that is not an envelope, or an
 * IPC call that fails outright, rejects with code 'internal'.
 */
export function createIpcClient(bridge: LabIpcBridge): LabApi {
  const api = {} as Record<LabMethod, (request: unknown) => Promise<unknown>>;
  for (const method of labMethods) {
    const invoke = bridge[method] as unknown as (request: unknown) => Promise<unknown>;
    api[method] = async (request: unknown) => {
      let reply: unknown;
      try {
        reply = await invoke(request ?? {});
      } catch (failure) {
        throw new LabApiError({ code: 'internal', message: failureMessage(failure) });
      }
      const envelope = (typeof reply === 'object' && reply !== null ? reply : {}) as {
        ok?: unknown;
        result?: unknown;
        error?: unknown;
      };
      if (envelope.ok === true) return envelope.result;
      if (envelope.ok === false) throw labApiErrorFrom(envelope.error);
      throw new LabApiError({ code: 'internal', message: `malformed reply to ${method}` });
    };
  }
  return Object.assign(api as unknown as LabApi, {
    on<E extends LabEvent>(event: E, listener: (payload: LabEvents[E]) => void): () => void {
      return bridge.on(event, listener);
    },
  });
}
