import { join } from 'node:path';
import { z } from 'zod';
import { isSessionError } from '../../../core/session/session-error';
import { writeFileAtomic } from '../files/atomic-file';
import { LabError } from '../lab/lab-error';
import { readJsonFileSafely } from '../files/bounded-read';

export const runMarkerFileName = 'run-marker.json';
export const runMarkerSchemaId = 'balloon-lab/run-marker@1';

/** Written when the app starts and again when it exits cleanly; a start that finds `cleanExit: false` follows a crash. */
export const runMarkerSchema = z.strictObject({
  schema: z.literal(runMarkerSchemaId),
  pid: z.number().int().min(0),
  startedIso: z.iso.datetime({ offset: true }),
  cleanExit: z.boolean(),
  lastAutosaveIso: z.iso.datetime({ offset: true }).nullable(),
});
export type RunMarker = z.infer<typeof runMarkerSchema>;

export function runMarkerPath(stateDir: string): string {
  return join(stateDir, runMarkerFileName);
}

/**
 * The marker of the previous run: null when there is none (first start), 'unreadable'
 * when it exists but is not a valid marker (treated like a crash by recovery).
 */
export async function readRunMarker(stateDir: string): Promise<RunMarker | null | 'unreadable'> {
  let json: unknown;
  try {
    json = await readJsonFileSafely(runMarkerPath(stateDir), { maxBytes: 64 * 1024, within: stateDir });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    // Bad content, or a link out of the state folder: either way, not a marker to trust.
    if (isSessionError(error) || error instanceof LabError) return 'unreadable';
    throw error;
  }
  const parsed = runMarkerSchema.safeParse(json);
  return parsed.success ? parsed.data : 'unreadable';
}

export async function writeRunMarker(stateDir: string, marker: RunMarker): Promise<void> {
  await writeFileAtomic(runMarkerPath(stateDir), `${JSON.stringify(marker, null, 2)}\n`, {
    within: stateDir,
  });
}
