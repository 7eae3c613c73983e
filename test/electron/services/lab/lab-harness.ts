import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LabEvent, LabEvents } from '../../../../core/lab-api/lab-api-contract';
import {
  createLabHandlers,
  presetScenario,
  type LabHandlers,
} from '../../../../electron/services/lab/lab-handlers';
import { LabFiles } from '../../../../electron/services/lab/lab-files';
import { LabRuntime } from '../../../../electron/services/lab/lab-runtime';
import { devWorkerPath } from '../../bridge/bridge-harness';

/** A LabRuntime on the real engine process (bridge transport, temporary folders). */
export interface Lab {
  rt: LabRuntime;
  api: LabHandlers;
  root: string;
  events: { event: LabEvent; payload: unknown }[];
  close(): Promise<void>;
}

export async function startLab(): Promise<Lab> {
  const root = await mkdtemp(join(tmpdir(), 'bl-lab-'));
  const rt = new LabRuntime(
    {
      transport: 'bridge',
      stateDir: join(root, 'state'),
      dataDir: join(root, 'data'),
      fileChooser: null,
      appVersion: 'test',
      workerPath: devWorkerPath,
    },
    () => presetScenario('basics'),
  );
  const events: { event: LabEvent; payload: unknown }[] = [];
  rt.events.subscribe((event, payload) => events.push({ event, payload }));
  await rt.ready;
  return {
    rt,
    api: createLabHandlers(rt, new LabFiles(rt)),
    root,
    events,
    async close() {
      await rt.dispose();
      await rm(root, { recursive: true, force: true });
    },
  };
}

export function waitFor<E extends LabEvent>(
  lab: Lab,
  event: E,
  timeoutMs = 30_000,
  predicate: (payload: LabEvents[E]) => boolean = () => true,
): Promise<LabEvents[E]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event}`)), timeoutMs);
    const off = lab.rt.events.subscribe((name: LabEvent, payload: unknown) => {
      if (name !== event || !predicate(payload as LabEvents[E])) return;
      clearTimeout(timer);
      off();
      resolve(payload as LabEvents[E]);
    });
  });
}

export async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** How long `promise` took to settle, and how: the value, or the error. */
export async function timed<T>(
  promise: Promise<T>,
): Promise<{ ms: number; ok: boolean; value?: T; error?: unknown }> {
  const t0 = performance.now();
  try {
    const value = await promise;
    return { ms: performance.now() - t0, ok: true, value };
  } catch (error) {
    return { ms: performance.now() - t0, ok: false, error };
  }
}

/**
 * How the lab words an engine killed from outside: POSIX reports the signal; Windows reports
 * only an exit code for a process another one terminated.
 */
export const killedFromOutside =
  process.platform === 'win32'
    ? /^the engine process exited unexpectedly \(code \d+\)$/
    : /^the engine process was killed \(SIGKILL\)$/;
