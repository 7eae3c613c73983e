import { mkdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecoveryInfo } from '../../../core/lab-api/lab-api-contract';
import type { SessionDocument } from '../../../core/session/session-schema';
import { fsyncDirectory, removeStaleTempFiles } from '../files/atomic-file';
import { autosavePath } from './autosave';
import { readRunMarker, runMarkerPath } from './autosave-marker';
import { readSessionFile } from './session-file';

export const recoveryFileName = 'recovery.balloonlab';
/** Where an autosave that cannot be opened is kept, for the user to look at, instead of becoming the recovery file. */
export const rejectedAutosaveFileName = 'autosave-unreadable.balloonlab';

export function recoveryPath(stateDir: string): string {
  return join(stateDir, recoveryFileName);
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

type Loaded = { doc: SessionDocument } | { missing: true } | { problem: string };

/**
 * Offers the work of a crashed run. At start, before the new run's Autosaver starts,
 * checkAtStartup() moves the crashed run's autosave aside as `recovery.balloonlab`, where
 * it waits (across further starts) until the user recovers or discards it. Only an autosave
 * that loads replaces the recovery file: one that cannot be opened never overwrites a copy
 * that can, and the info says why when nothing can be offered.
 */
export class RecoveryStore {
  /** What went wrong with the crashed run's autosave at this start, for info().reason. */
  private startupNote: string | null = null;

  constructor(private readonly options: { stateDir: string }) {}

  /**
   * If the previous run did not exit cleanly (marker says so, or is unreadable) and left
   * an autosave that loads, it becomes the recovery file, replacing an older one; one that
   * does not load is kept as `autosave-unreadable.balloonlab` and the older recovery file
   * stays. Also removes temp files that killed writers left behind. Returns what can be
   * recovered.
   */
  async checkAtStartup(): Promise<RecoveryInfo> {
    const { stateDir } = this.options;
    await mkdir(stateDir, { recursive: true });
    for (const path of [autosavePath(stateDir), recoveryPath(stateDir), runMarkerPath(stateDir)])
      await removeStaleTempFiles(path);
    const marker = await readRunMarker(stateDir);
    const crashed = marker === 'unreadable' || (marker !== null && !marker.cleanExit);
    if (crashed) await this.promoteAutosave();
    return this.info();
  }

  /** What the recovery file holds; unavailable (with the reason) when there is none or it cannot be loaded. */
  async info(): Promise<RecoveryInfo> {
    const loaded = await this.load(recoveryPath(this.options.stateDir));
    const note = this.startupNote === null ? {} : { reason: this.startupNote };
    if ('doc' in loaded) {
      const { doc } = loaded;
      return { available: true, name: doc.name, savedIso: doc.savedIso, tick: doc.tick, ...note };
    }
    if ('missing' in loaded) return { available: false, ...note };
    const reason = `The recovery file ${recoveryPath(this.options.stateDir)} cannot be opened: ${loaded.problem}`;
    return {
      available: false,
      reason: this.startupNote === null ? reason : `${this.startupNote}\n${reason}`,
    };
  }

  /**
   * The recoverable session, or null. The file stays until discard(): call discard() once
   * the recovered session is live and autosaved, so a crash in between loses nothing.
   */
  async recover(): Promise<SessionDocument | null> {
    const loaded = await this.load(recoveryPath(this.options.stateDir));
    return 'doc' in loaded ? loaded.doc : null;
  }

  async discard(): Promise<void> {
    this.startupNote = null;
    await unlink(recoveryPath(this.options.stateDir)).catch((error: unknown) => {
      if (!isMissing(error)) throw error;
    });
  }

  private async promoteAutosave(): Promise<void> {
    const { stateDir } = this.options;
    const autosave = autosavePath(stateDir);
    const loaded = await this.load(autosave);
    if ('missing' in loaded) return;
    try {
      if ('doc' in loaded) {
        await rename(autosave, recoveryPath(stateDir));
      } else {
        const kept = join(stateDir, rejectedAutosaveFileName);
        await rename(autosave, kept);
        this.startupNote = `The autosave of the run that ended unexpectedly cannot be opened (${loaded.problem}); it was kept as ${kept} and not offered for recovery.`;
      }
      await fsyncDirectory(stateDir);
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }

  private async load(path: string): Promise<Loaded> {
    try {
      return { doc: await readSessionFile(path, { within: this.options.stateDir }) };
    } catch (error) {
      if (isMissing(error)) return { missing: true };
      // Too large, corrupt, newer, a link out of the folder, no permission: not offered, and said why.
      return { problem: messageOf(error) };
    }
  }
}
