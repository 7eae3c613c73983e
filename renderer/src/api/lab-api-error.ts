import type { LabErrorPayload } from '../../../core/lab-api/lab-api-contract';

/**
 * A lab request the Node side refused, whichever transport carried the refusal (IPC or the
 * browser bridge); `code` and `issues` as in LabErrorPayload.
 */
export class LabApiError extends Error {
  readonly code: LabErrorPayload['code'];
  readonly issues: LabErrorPayload['issues'];

  constructor(payload: LabErrorPayload) {
    super(payload.message);
    this.name = 'LabApiError';
    this.code = payload.code;
    this.issues = payload.issues;
  }
}

const errorCodes: ReadonlySet<string> = new Set<LabErrorPayload['code']>([
  'bad-request',
  'invalid-scenario',
  'not-found',
  'refused',
  'io',
  'busy',
  'internal',
  'unauthorized',
]);
const maxIssues = 50;
const maxTextChars = 2000;

const text = (value: unknown): string | null =>
  typeof value === 'string' ? value.slice(0, maxTextChars) : null;

/**
 * A LabApiError from an error payload that crossed a process boundary, checked as untrusted
 * data: an unknown code becomes 'internal', issues keep only well-formed entries (at most 50).
 */
export function labApiErrorFrom(payload: unknown): LabApiError {
  const p = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
  const code =
    typeof p.code === 'string' && errorCodes.has(p.code) ? (p.code as LabErrorPayload['code']) : 'internal';
  const message = text(p.message) || 'The lab reported an error.';
  const issues = Array.isArray(p.issues)
    ? p.issues.slice(0, maxIssues).flatMap((issue: unknown) => {
        const i = (typeof issue === 'object' && issue !== null ? issue : {}) as Record<string, unknown>;
        const path = text(i.path);
        const why = text(i.message);
        return path !== null && why !== null ? [{ path, message: why }] : [];
      })
    : undefined;
  return new LabApiError(issues === undefined ? { code, message } : { code, message, issues });
}
