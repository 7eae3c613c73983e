import { mkdir } from 'node:fs/promises';
import { removeStaleTempFilesIn } from '../files/atomic-file';
import { SessionKeeping, type SessionKeepingOptions } from '../session/session-keeping';
import type { LabEventHub } from './lab-events';
import type { LabHostOptions } from './lab-service-types';

/**
 * What keeps the lab's session through a crash (session-keeping.ts: autosave, recovery): the
 * session's `snapshot` is autosaved while it is `unsaved` and its `revision` changed; an
 * autosave that fails is a warning to every client.
 */
export function labKeeping(
  options: LabHostOptions,
  events: LabEventHub,
  session: Pick<SessionKeepingOptions, 'snapshot' | 'unsaved' | 'revision'>,
): SessionKeeping {
  return new SessionKeeping({
    stateDir: options.stateDir,
    ...session,
    onAutosaveError: (error) =>
      events.emit('notice', {
        level: 'warn',
        message: `Autosave failed: ${error instanceof Error ? error.message : String(error)}`,
      }),
  });
}

/** Makes the lab's folders (state, data) ready at start-up. */
export async function prepareLabFolders(options: LabHostOptions): Promise<void> {
  await mkdir(options.stateDir, { recursive: true });
  if (options.dataDir !== null) await mkdir(options.dataDir, { recursive: true });
  // Saves killed mid-write (kill -9, power loss) leave temp files in the folders we save to.
  await removeStaleTempFilesIn(options.stateDir);
  if (options.dataDir !== null) await removeStaleTempFilesIn(options.dataDir);
}
