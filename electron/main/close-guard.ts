import type { MessageBoxOptions, MessageBoxReturnValue } from 'electron';
import type { SessionMeta } from '../../core/lab-api/lab-api-contract';
import type { LabHost } from '../services/lab/lab-service-types';

export interface CloseGuardDeps {
  host(): Pick<LabHost, 'invoke'> | null;
  showMessageBox(options: MessageBoxOptions): Promise<MessageBoxReturnValue>;
}

/**
 * Asks before the window closes (or the app quits) with unsaved work: Save (through the
 * save dialog when the session has no file yet), Don't Save or Cancel. Asks once per close;
 * a second close while the question is open waits for the same answer.
 */
export function createCloseGuard(deps: CloseGuardDeps) {
  let approved = false;
  /** From the host's sessionChanged events: a close of a clean session needs no question. */
  let dirty = false;
  let asking: Promise<boolean> | null = null;

  async function decide(): Promise<boolean> {
    const host = deps.host();
    if (host === null) return true;
    let name: string;
    try {
      const state = await host.invoke('getState', {});
      if (!state.session.dirty) return true;
      name = state.session.name;
    } catch {
      // No session to lose (still loading, engine gone): closing must not be blocked by it.
      return true;
    }
    const { response } = await deps.showMessageBox({
      type: 'question',
      buttons: ['Save', 'Don’t Save', 'Cancel'],
      defaultId: 0,
      cancelId: 2,
      message: `Save the changes to “${name}” before closing?`,
      detail: 'If you don’t save, the run and the changes you made since the last save are lost.',
    });
    if (response === 1) return true;
    if (response !== 0) return false;
    try {
      // null: the save dialog was cancelled, so the window stays.
      return (await host.invoke('saveSession', { saveAs: false })) !== null;
    } catch {
      return false;
    }
  }

  return {
    /** Whether a close must wait for an answer: unsaved work and not yet let go. */
    get needed(): boolean {
      return dirty && !approved;
    },
    /** Takes note of the session's meta (pushed as sessionChanged). */
    note(meta: SessionMeta): void {
      // New unsaved work after a close was let go (macOS keeps the app) is asked about again.
      if (meta.dirty && !dirty) approved = false;
      dirty = meta.dirty;
    },
    /** Resolves true when the window may close (and remembers it). */
    ask(): Promise<boolean> {
      asking ??= decide()
        .then((ok) => {
          approved = ok;
          return ok;
        })
        .finally(() => {
          asking = null;
        });
      return asking;
    },
  };
}
