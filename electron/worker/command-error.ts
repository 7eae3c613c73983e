import type { WorkerErrorPayload } from './worker-protocol';

/** A command the worker refused, with the code its reply carries (worker-protocol.ts). */
export class CommandError extends Error {
  constructor(
    readonly code: Exclude<WorkerErrorPayload['code'], 'internal'>,
    message: string,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}
