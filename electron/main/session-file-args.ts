import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sessionFileExtension } from './navigation-guard';

function asPath(arg: string, cwd: string): string | null {
  if (/^file:/i.test(arg)) {
    try {
      return fileURLToPath(arg);
    } catch {
      return null;
    }
  }
  return isAbsolute(arg) ? arg : resolve(cwd, arg);
}

/**
 * The `.balloonlab` file the OS asked us to open (Windows and Linux pass it on the command line,
 * Linux desktops sometimes as a file:// URI); switches Chromium adds are skipped.
 */
export function sessionFileFromArgv(argv: readonly string[], cwd: string): string | null {
  for (const arg of argv.slice(1)) {
    if (arg.startsWith('-')) continue;
    if (!arg.toLowerCase().endsWith(sessionFileExtension)) continue;
    const path = asPath(arg, cwd);
    if (path !== null) return path;
  }
  return null;
}
