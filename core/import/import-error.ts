/**
 * A refusal of an imported trace, in people's words: where (file, line, column) and why. The
 * CLI prints it as one line and exits with code 2; the lab shows it in a notice.
 */
export class ImportError extends Error {
  constructor(
    readonly reason: string,
    readonly where: { file?: string; line?: number; column?: number } = {},
  ) {
    super(`${placeOf(where)}${reason}`);
    this.name = 'ImportError';
  }
}

function placeOf(where: { file?: string; line?: number; column?: number }): string {
  const parts: string[] = [];
  if (where.file !== undefined) parts.push(where.file);
  if (where.line !== undefined) parts.push(`line ${where.line}`);
  if (where.column !== undefined) parts.push(`column ${where.column}`);
  return parts.length === 0 ? '' : `${parts.join(', ')}: `;
}

/** True for an ImportError (also across bundles, where instanceof may fail). */
export function isImportError(error: unknown): error is ImportError {
  return error instanceof Error && error.name === 'ImportError';
}
