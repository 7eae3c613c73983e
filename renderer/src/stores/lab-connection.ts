import type {
  Frame,
  LabEvents,
  LabState,
  MenuCommand,
  SessionMeta,
} from '../../../core/lab-api/lab-api-contract';
import { labApi } from '../api/lab-api';
import { useExportStore } from './export-store';
import { useNoticeStore } from './notice-store';

/** Retry delays while the lab cannot be loaded at start (doubling up to the maximum). */
const initialRetryMs = 1000;
const maxRetryMs = 10_000;

/** What the lab store does with the events the Node side pushes to it. */
export interface LabEventHandlers {
  frame(frame: Frame): void;
  runProgress(progress: LabEvents['runProgress']): void;
  sessionChanged(meta: SessionMeta): void;
  stateChanged(state: LabState): void;
  /** After the engine was restarted (and the user told): the state is to be reloaded. */
  engineRestarted(): void;
}

/**
 * The window's one subscription to the events the lab pushes, and the start-up load that
 * retries while the Node side is not there yet (e.g. the engine still starting). Notices,
 * export progress and menu commands go straight to where they are shown or handled.
 */
export function useLabConnection(handlers: LabEventHandlers) {
  let commandHandler: ((command: MenuCommand) => void) | null = null;
  let unsubscribe: (() => void) | null = null;

  function subscribe(): void {
    if (unsubscribe !== null) return;
    const notices = useNoticeStore();
    const offs = [
      labApi.on('frame', handlers.frame),
      labApi.on('runProgress', handlers.runProgress),
      labApi.on('exportProgress', (p) => useExportStore().onProgress(p)),
      labApi.on('sessionChanged', handlers.sessionChanged),
      labApi.on('engineRestarted', (e) => {
        notices.push(
          'warn',
          `The engine stopped (${e.reason}) and was restarted at tick ${e.tick}; the session is intact.`,
        );
        handlers.engineRestarted();
      }),
      labApi.on('notice', (n) => notices.push(n.level, n.message)),
      labApi.on('menuCommand', (m) => commandHandler?.(m.command)),
      labApi.on('stateChanged', handlers.stateChanged),
    ];
    unsubscribe = () => offs.forEach((off) => off());
  }

  /**
   * Subscribes, then calls `load` until it succeeds, waiting longer after each failure; `quiet`
   * is true for the retries so they do not nag. False when disconnected while waiting.
   */
  async function connect(load: (quiet: boolean) => Promise<boolean>): Promise<boolean> {
    subscribe();
    let delayMs = initialRetryMs;
    for (let attempt = 0; !(await load(attempt > 0)); attempt++) {
      if (unsubscribe === null) return false;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      delayMs = Math.min(delayMs * 2, maxRetryMs);
    }
    return true;
  }

  function disconnect(): void {
    unsubscribe?.();
    unsubscribe = null;
  }

  function setCommandHandler(handler: ((command: MenuCommand) => void) | null): void {
    commandHandler = handler;
  }

  return { connect, disconnect, setCommandHandler };
}
