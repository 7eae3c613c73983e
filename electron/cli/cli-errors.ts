/** Exit codes of `balloon-lab` (documented in --help). */
export const exitCodes = {
  ok: 0,
  /** Anything that is not the user's input: I/O, engine failure. */
  failure: 1,
  /** Bad input: an invalid scenario, unreadable JSON, an unknown preset, a bad option. */
  badInput: 2,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

/** An error the CLI reports as one message on stderr and ends with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
