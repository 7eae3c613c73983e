import { mkdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { SessionDocument } from '../../../core/session/session-schema';
import { fittingSessionFileContent, type SessionFileContent } from '../../../core/session/serialize-session';
import { writeFileAtomic } from '../files/atomic-file';
import { isoAt, systemClock, type ServiceClock } from './autosave-clock';
import { writeRunMarker, type RunMarker } from './autosave-marker';
import { encodeSessionFile } from './session-file';

export const autosaveFileName = 'autosave.balloonlab';
export const defaultAutosaveIntervalMs = 30_000;

export function autosavePath(stateDir: string): string {
  return join(stateDir, autosaveFileName);
}

export interface AutosaveOptions {
  /** Folder for the autosave and the run marker (Electron userData; bridge: dataDir/.state). */
  stateDir: string;
  /** The live session, or null when there is none worth keeping. `savedIso` is replaced by the autosave time. */
  snapshot: () => SessionDocument | null | Promise<SessionDocument | null>;
  /**
   * False when the live session holds nothing a crash could lose (it is what was last saved or
   * opened, or a new one not yet touched): the autosave is then removed instead of written.
   * Left out: always written.
   */
  unsaved?: () => boolean;
  /**
   * Equal as long as the session is unchanged: an autosave of the same revision as the last one
   * written is skipped without asking for a snapshot (of a large run, seconds of work and tens of
   * MiB each time). Null, or left out: the snapshot is taken and compared.
   */
  revision?: () => string | null;
  intervalMs?: number;
  clock?: ServiceClock;
  /** Autosave failures (disk full, ...) never throw from the timer; they are reported here. */
  onError?: (error: unknown) => void;
  /** Largest file, bytes (the loader's limit; tests make it small). */
  maxFileBytes?: number;
}

const fixedIso = '1970-01-01T00:00:00.000Z';

/** Whether two saves hold the same session, byte for byte. */
function sameContent(a: SessionFileContent, b: SessionFileContent): boolean {
  return (
    a.text === b.text &&
    a.parts.length === b.parts.length &&
    a.parts.every((part, i) => Buffer.from(part.buffer, part.byteOffset, part.byteLength).equals(b.parts[i]!))
  );
}

/**
 * Saves the live session every 30 s to `<stateDir>/autosave.balloonlab` (atomically) and
 * keeps the run marker that tells the next start whether this run ended cleanly. Call
 * RecoveryStore.checkAtStartup() before start(), and markCleanExit() on a normal quit.
 */
export class Autosaver {
  private readonly clock: ServiceClock;
  private readonly intervalMs: number;
  private timer: unknown = null;
  private inFlight: Promise<boolean> | null = null;
  private lastContent: SessionFileContent | null = null;
  /** The session's revision when `lastContent` was written. */
  private lastRevision: string | null = null;
  private marker: RunMarker | null = null;

  constructor(private readonly options: AutosaveOptions) {
    this.clock = options.clock ?? systemClock;
    this.intervalMs = options.intervalMs ?? defaultAutosaveIntervalMs;
  }

  /** ISO time of the last autosave written by this run, or null. */
  get lastAutosaveIso(): string | null {
    return this.marker?.lastAutosaveIso ?? null;
  }

  /** Marks this run as not (yet) cleanly exited and starts the timer. */
  async start(): Promise<void> {
    await mkdir(this.options.stateDir, { recursive: true });
    this.marker = {
      schema: 'balloon-lab/run-marker@1',
      pid: process.pid,
      startedIso: isoAt(this.clock),
      cleanExit: false,
      lastAutosaveIso: null,
    };
    await writeRunMarker(this.options.stateDir, this.marker);
    if (this.timer === null) {
      this.timer = this.clock.setInterval(() => {
        this.saveNow().catch((error: unknown) => this.options.onError?.(error));
      }, this.intervalMs);
    }
  }

  /**
   * Writes the autosave now unless the session is unchanged since the last one (ignoring
   * savedIso) or a save is already running. Resolves true when a file was written.
   */
  saveNow(): Promise<boolean> {
    if (this.inFlight !== null) return this.inFlight;
    const run = this.save().finally(() => {
      this.inFlight = null;
    });
    this.inFlight = run;
    return run;
  }

  private async save(): Promise<boolean> {
    // A session just opened from its file, or just saved: a copy would be tens of MiB written
    // (and its checkpoints compressed) beside jumps in time, for nothing to recover.
    if (this.options.unsaved?.() === false) {
      await this.removeAutosave();
      this.lastContent = null;
      this.lastRevision = null;
      return false;
    }
    const revision = this.options.revision?.() ?? null;
    if (revision !== null && revision === this.lastRevision && this.lastContent !== null) return false;
    const doc = await this.options.snapshot();
    if (doc === null) return false;
    const savedIso = isoAt(this.clock);
    // Serialized before anything is written: a session too large to load again throws here,
    // and the last autosave that loads stays in place. Serialized once (with its checkpoints a
    // session is tens of MiB): the header's time, the second field, is left out of the comparison.
    // Too large with its checkpoints and trace (a long run of a large host): kept without them.
    const content = fittingSessionFileContent({ ...doc, savedIso }, this.options.maxFileBytes);
    const keyed = {
      ...content,
      text: content.text.replace(JSON.stringify(savedIso), JSON.stringify(fixedIso)),
    };
    if (this.lastContent !== null && sameContent(keyed, this.lastContent)) {
      this.lastRevision = revision;
      return false;
    }
    await writeFileAtomic(autosavePath(this.options.stateDir), encodeSessionFile(content), {
      within: this.options.stateDir,
    });
    this.lastContent = keyed;
    this.lastRevision = revision;
    if (this.marker !== null) {
      this.marker = { ...this.marker, lastAutosaveIso: savedIso };
      await writeRunMarker(this.options.stateDir, this.marker);
    }
    return true;
  }

  /** Stops the timer and waits for a save in progress. */
  async stop(): Promise<void> {
    if (this.timer !== null) this.clock.clearInterval(this.timer);
    this.timer = null;
    await this.inFlight?.catch(() => undefined);
  }

  /**
   * On a normal quit (after the user was asked about unsaved changes): stops, deletes the
   * autosave and records the clean exit, so the next start offers no recovery.
   */
  async markCleanExit(): Promise<void> {
    await this.stop();
    await this.removeAutosave();
    const marker = this.marker ?? {
      schema: 'balloon-lab/run-marker@1' as const,
      pid: process.pid,
      startedIso: isoAt(this.clock),
      lastAutosaveIso: null,
    };
    this.marker = { ...marker, cleanExit: true };
    await writeRunMarker(this.options.stateDir, this.marker);
  }

  private async removeAutosave(): Promise<void> {
    await unlink(autosavePath(this.options.stateDir)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
}
