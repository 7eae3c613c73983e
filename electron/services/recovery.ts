import { mkdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecoveryInfo } from '../../core/lab-api/lab-api-contract';
import { isSessionError } from '../../core/session/session-error';
import type { SessionDocument } from '../../core/session/session-schema';
import { fsyncDirectory, removeStaleTempFiles } from './atomic-file';
import { autosavePath } from './autosave';
import { readRunMarker, runMarkerPath } from './autosave-marker';
import { readSessionFile } from './session-file';

export const recoveryFileName = 'recovery.balloonlab';

export function recoveryPath(stateDir: string): string {
  return join(stateDir, recoveryFileName);
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

/**
 * Offers the work of a crashed run. At start, before the new run's Autosaver starts,
 * checkAtStartup() moves the crashed run's autosave aside as `recovery.balloonlab`, where
 * it waits (across further starts) until the user recovers or discards it.
 */
export class RecoveryStore {
  constructor(private readonly options: { stateDir: string }) {}

  /**
   * If the previous run did not exit cleanly (marker says so, or is unreadable) and left
   * an autosave, it becomes the recovery file, replacing an older one. Also removes temp
   * files that killed writers left behind. Returns what can be recovered.
   */
  async checkAtStartup(): Promise<RecoveryInfo> {
    const { stateDir } = this.options;
    await mkdir(stateDir, { recursive: true });
    for (const path of [autosavePath(stateDir), recoveryPath(stateDir), runMarkerPath(stateDir)])
      await removeStaleTempFiles(path);
    const marker = await readRunMarker(stateDir);
    const crashed = marker === 'unreadable' || (marker !== null && !marker.cleanExit);
    if (crashed) {
      try {
        await rename(autosavePath(stateDir), recoveryPath(stateDir));
        await fsyncDirectory(stateDir);
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    }
    return this.info();
  }

  /** What the recovery file holds; unavailable when there is none or it cannot be loaded. */
  async info(): Promise<RecoveryInfo> {
    const doc = await this.load();
    if (doc === null) return { available: false };
    return { available: true, name: doc.name, savedIso: doc.savedIso, tick: doc.tick };
  }

  /**
   * The recoverable session, or null. The file stays until discard(): call discard() once
   * the recovered session is live and autosaved, so a crash in between loses nothing.
   */
  async recover(): Promise<SessionDocument | null> {
    return this.load();
  }

  async discard(): Promise<void> {
    await unlink(recoveryPath(this.options.stateDir)).catch((error: unknown) => {
      if (!isMissing(error)) throw error;
    });
  }

  private async load(): Promise<SessionDocument | null> {
    try {
      return await readSessionFile(recoveryPath(this.options.stateDir));
    } catch (error) {
      if (isMissing(error) || isSessionError(error)) return null;
      throw error;
    }
  }
}
