/** Types of ./electron-binary.mjs, for the TypeScript tests that share its answer. */

/** Where the Electron binary is, or why there is none and the one command that fixes that. */
export type ElectronBinary =
  | { state: 'installed'; version: string; packageDir: string; executablePath: string }
  | {
      state: 'missing';
      version: string;
      packageDir: string;
      executablePath: string;
      problem: string;
      fix: string;
    }
  | { state: 'unsupported'; version: string; packageDir: string; problem: string; fix: string }
  | { state: 'no-package'; problem: string; fix: string };

export function findElectronBinary(options?: {
  fromDir?: string;
  env?: Record<string, string | undefined>;
  platform?: string;
}): ElectronBinary;

export function installFailureReason(output: string): string;

export function runElectronInstaller(
  packageDir: string,
  env?: Record<string, string | undefined>,
): Promise<{ ok: true } | { ok: false; reason: string }>;
