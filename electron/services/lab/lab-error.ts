import type { LabErrorPayload } from '../../../core/lab-api/lab-api-contract';
import type { ScenarioIssue } from '../../../core/scenario/scenario-checks';
import { isSessionError } from '../../../core/session/session-error';
import { WorkerCommandError } from '../engine/engine-client';

/** A refusal the user should read, with the contract's error code. */
export class LabError extends Error {
  constructor(
    readonly code: LabErrorPayload['code'],
    message: string,
    readonly issues?: ScenarioIssue[],
  ) {
    super(message);
    this.name = 'LabError';
  }
}

/** The typed payload a transport sends for any error a LabHost method threw. */
export function toLabErrorPayload(error: unknown): LabErrorPayload {
  if (error instanceof LabError)
    return error.issues === undefined
      ? { code: error.code, message: error.message }
      : { code: error.code, message: error.message, issues: error.issues };
  if (isSessionError(error)) return { code: 'refused', message: error.message };
  if (error instanceof WorkerCommandError) {
    if (error.code === 'refused' || error.code === 'cancelled')
      return { code: 'refused', message: error.message };
    if (error.code === 'no-engine')
      return { code: 'busy', message: `${error.message}: open or start a session` };
    if (error.code === 'dead')
      return { code: 'busy', message: `${error.message}; the engine is restarting, try again` };
    return { code: 'internal', message: error.message };
  }
  const errno = (error as NodeJS.ErrnoException | null)?.code;
  if (errno === 'ENOENT') return { code: 'not-found', message: (error as Error).message };
  if (typeof errno === 'string' && /^E[A-Z]+$/.test(errno))
    return { code: 'io', message: (error as Error).message };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
