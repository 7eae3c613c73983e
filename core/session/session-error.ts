/** Why a session (or another state file) was refused. */
export type SessionErrorCode = 'corrupt' | 'newer-version' | 'invalid' | 'too-large';

/** One rejected field, named by its path (`interventions[3].tick`). */
export interface SessionIssue {
  path: string;
  message: string;
}

const maxIssuesInMessage = 8;

/**
 * The one error type a session load throws for bad content. `code` says what kind of
 * refusal it is; `message` is written for the user and names the offending field paths.
 */
export class SessionError extends Error {
  constructor(
    readonly code: SessionErrorCode,
    message: string,
    readonly issues: readonly SessionIssue[] = [],
  ) {
    super(message);
    this.name = 'SessionError';
  }

  /** An 'invalid' error listing the issues (at most a few in the message, all in `issues`). */
  static invalid(summary: string, issues: readonly SessionIssue[]): SessionError {
    const shown = issues.slice(0, maxIssuesInMessage).map((i) => `  ${i.path}: ${i.message}`);
    const more =
      issues.length > maxIssuesInMessage ? [`  ... and ${issues.length - maxIssuesInMessage} more`] : [];
    return new SessionError('invalid', [summary, ...shown, ...more].join('\n'), issues);
  }
}

export function isSessionError(error: unknown): error is SessionError {
  return error instanceof SessionError;
}

/** A refusal of the checkpoints a session file keeps (damaged or hostile), saying what is wrong. */
export function damagedCheckpoints(detail: string): SessionError {
  return new SessionError('corrupt', `The saved checkpoints are damaged: ${detail}.`);
}
