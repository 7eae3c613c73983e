import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { z } from 'zod';
import { labMethods, labRequestSchemas } from '../../core/lab-api/lab-api-contract';
import type { LabErrorPayload, LabMethod, LabResponses } from '../../core/lab-api/lab-api-contract';
import type { LabHost } from '../services/lab/lab-service-types';
import { methodChannel } from '../ipc/ipc-channels';
import type { IpcEnvelope } from '../ipc/ipc-channels';
import { toLabErrorPayload } from '../services/lab/lab-error';

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;
export type IpcRegistrar = Pick<IpcMain, 'handle' | 'removeHandler'>;

const maxIssues = 50;

function badRequest(method: LabMethod, error: z.ZodError): LabErrorPayload {
  const issues = error.issues.slice(0, maxIssues).map((issue) => ({
    path: issue.path.map(String).join('.') || '(request)',
    message: issue.message,
  }));
  const summary = issues
    .slice(0, 3)
    .map((i) => `${i.path}: ${i.message}`)
    .join('; ');
  return { code: 'bad-request', message: `Invalid request for ${method}: ${summary}`, issues };
}

/**
 * Serves one contract method for one IPC call: refuses foreign senders, validates the payload
 * with the contract schema and wraps the outcome in an envelope (never throws, so the typed
 * error reaches the renderer instead of Electron's generic "Error invoking remote method").
 */
export async function serveLabRequest<M extends LabMethod>(
  host: LabHost,
  method: M,
  payload: unknown,
): Promise<IpcEnvelope<LabResponses[M]>> {
  const parsed = labRequestSchemas[method].safeParse(payload === undefined ? {} : payload);
  if (!parsed.success) return { ok: false, error: badRequest(method, parsed.error) };
  try {
    const result = await host.invoke(method, parsed.data as never);
    return { ok: true, result };
  } catch (error) {
    return { ok: false, error: toLabErrorPayload(error) };
  }
}

const unauthorized: LabErrorPayload = {
  code: 'unauthorized',
  message: 'This frame may not use the lab API.',
};

/** One `ipcMain.handle` per contract method, nothing else; returns the function that removes them. */
export function registerLabIpc(ipc: IpcRegistrar, host: LabHost, isTrustedSender: SenderCheck): () => void {
  for (const method of labMethods) {
    ipc.handle(methodChannel(method), async (event, payload: unknown) => {
      if (!isTrustedSender(event)) return { ok: false, error: unauthorized } satisfies IpcEnvelope<never>;
      return serveLabRequest(host, method, payload);
    });
  }
  return () => {
    for (const method of labMethods) ipc.removeHandler(methodChannel(method));
  };
}
