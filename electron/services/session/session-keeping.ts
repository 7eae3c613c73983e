import type { RecoveryInfo } from '../../../core/lab-api/lab-api-contract';
import type { SessionDocument } from '../../../core/session/session-schema';
import { Autosaver } from './autosave';
import { RecoveryStore } from './recovery';

const disposeAutosaveMs = 3000;

export interface SessionKeepingOptions {
  stateDir: string;
  /** The live session as a document, or null when there is none worth keeping now. */
  snapshot(): Promise<SessionDocument | null>;
  /** False when the live session holds nothing unsaved: no autosave is kept (see AutosaveOptions.unsaved). */
  unsaved(): boolean;
  /** The session's revision: unchanged, no autosave is taken (see AutosaveOptions.revision). */
  revision(): string | null;
  /** An autosave that failed (disk full, ...): the lab tells the user. */
  onAutosaveError(error: unknown): void;
}

/**
 * What keeps a session through a crash: the autosave every 30 s, and at start-up the recovery
 * of the session a run that ended unexpectedly left behind (autosave.ts, recovery.ts).
 */
export class SessionKeeping {
  private readonly recovery: RecoveryStore;
  private readonly autosaver: Autosaver;
  private info: RecoveryInfo = { available: false };

  constructor(options: SessionKeepingOptions) {
    this.recovery = new RecoveryStore({ stateDir: options.stateDir });
    this.autosaver = new Autosaver({
      stateDir: options.stateDir,
      snapshot: options.snapshot,
      unsaved: options.unsaved,
      revision: options.revision,
      onError: options.onAutosaveError,
    });
  }

  /** Takes over what the previous run left (see RecoveryStore.checkAtStartup), then autosaves. */
  async start(): Promise<void> {
    this.info = await this.recovery.checkAtStartup();
    await this.autosaver.start();
  }

  /** Whether a session can be recovered, read again from disk. */
  async status(): Promise<RecoveryInfo> {
    this.info = await this.recovery.info();
    return this.info;
  }

  /**
   * Recovers the session: `open` makes it live, then the new autosave holds it before its
   * recovery copy goes, so a crash in between loses nothing. Null when there is none.
   */
  async recover<T>(open: (doc: SessionDocument) => Promise<T>): Promise<T | null> {
    const doc = await this.recovery.recover();
    if (doc === null) return null;
    const opened = await open(doc);
    await this.autosaver.saveNow();
    await this.discard();
    return opened;
  }

  async discard(): Promise<void> {
    await this.recovery.discard();
    this.info = { available: false };
  }

  /** Saves the autosave now; false when there was nothing new to save. */
  autosaveNow(): Promise<boolean> {
    return this.autosaver.saveNow();
  }

  /**
   * At exit: unsaved work stays in the autosave, which the next start offers to recover; else
   * the clean exit is recorded. A hung engine cannot hold up the exit: the periodic autosave
   * is then the newest copy.
   */
  async finish(unsaved: boolean): Promise<void> {
    if (!unsaved) return this.autosaver.markCleanExit();
    await Promise.race([
      this.autosaver.saveNow().catch(() => false),
      new Promise((r) => setTimeout(r, disposeAutosaveMs).unref()),
    ]);
    await this.autosaver.stop();
  }
}
