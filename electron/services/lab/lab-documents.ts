import { engineVersion } from '../../../core/engine/engine-version';
import type { SessionDocument } from '../../../core/session/session-schema';
import type { WorkerReplyResult } from '../../worker/worker-protocol';
import type { SessionController } from '../session/session-controller';
import {
  openSessionTrace,
  packSessionTrace,
  savedTraceRefused,
  type OpenedTrace,
} from '../session/session-trace';
import type { EngineRun } from './engine-run';
import type { LabEventHub } from './lab-events';

/**
 * The checkpoints and trace a session file holds, or undefined (none, or unusable: replayed,
 * with a warning to the clients); its samples and lines are still being unpacked (EngineRun.load
 * says when they are refused).
 */
export function savedTraceOf(doc: SessionDocument, events: LabEventHub): OpenedTrace | undefined {
  if (doc.trace === undefined) return undefined;
  try {
    return openSessionTrace(doc.trace, doc.scenario);
  } catch (error) {
    events.emit('notice', { level: 'warn', message: savedTraceRefused(doc.name, error) });
    return undefined;
  }
}

/** Warns the clients when the opened document replayed (`result`) to another state than it was saved at. */
export function checkReplayedDigest(
  doc: SessionDocument,
  result: WorkerReplyResult,
  events: LabEventHub,
): void {
  if (doc.stateDigest === '' || result.digest === doc.stateDigest) return;
  const savedBy = doc.app.engineVersion;
  const message =
    savedBy !== '' && savedBy !== engineVersion
      ? `"${doc.name}" was saved by engine ${savedBy}; this is engine ${engineVersion}, which simulates differently, so its results differ from when it was saved. It is open at tick ${result.status.tick}, replayed with engine ${engineVersion}; saving it keeps the new results.`
      : `"${doc.name}" was replayed to tick ${result.status.tick}, but the replayed state differs from the saved one. The session is open at the replayed state.`;
  events.emit('notice', { level: 'warn', message });
}

/**
 * The live session as a document, at the tick the engine's digest was taken. With the engine
 * stopped for good, the session as recorded (no digest: opening it replays without a check).
 */
export async function sessionDocument(
  session: SessionController,
  run: EngineRun,
  appVersion: string,
  savedIso: string,
  withTrace: boolean,
): Promise<SessionDocument> {
  const versions = { savedIso, appVersion, engineVersion };
  if (run.engineDown) return session.document({ ...versions, stateDigest: '' });
  const result = await run.request({ type: 'digest' });
  session.tick = result.status.headTick;
  const doc = session.document({ ...versions, stateDigest: result.digest ?? '' });
  const saved = withTrace
    ? await run.savedTrace(session.tick, (session.tick * session.scenario.tickMs) / 1000)
    : null;
  return saved === null ? doc : { ...doc, trace: await packSessionTrace(saved) };
}
