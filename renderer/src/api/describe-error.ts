import type { LabErrorPayload } from '../../../core/lab-api/lab-api-contract';

/** A user-facing sentence for anything a lab API call may reject with. */
export function describeError(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error !== null && typeof error === 'object') {
    const e = error as Partial<LabErrorPayload> & { message?: unknown };
    const message = typeof e.message === 'string' && e.message !== '' ? e.message : 'unknown error';
    const issues = Array.isArray(e.issues) ? e.issues.slice(0, 5).map((i) => `${i.path}: ${i.message}`) : [];
    return issues.length > 0 ? `${message} (${issues.join('; ')})` : message;
  }
  return 'unknown error';
}
